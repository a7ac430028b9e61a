"""Network-shaped constructs: VPC (subnets, route tables, NAT gateways), security groups and
their rules, RDS instances and clusters, application load balancers, listeners, flow logs.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from verifier.cdk import convert as c
from verifier.cdk.defaults import FLAG_RESTRICT_DEFAULT_SG
from verifier.cdk.draft import Draft, get_att, ref, to_cfn
from verifier.cdk.values import ConstructV, Made, ObjV, unknown
from verifier.model import Unresolved

if TYPE_CHECKING:
    from verifier.cdk.evaluator import Evaluator, Frame

SUBNET_NAMES = {"Public": "Public", "Private": "Private", "Isolated": "Isolated"}
DEFAULT_SUBNETS = (("Public", "Public", None), ("Private", "Private", None))
ALL_OUTBOUND = {"CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1"}
RESTRICT_SG_ACTIONS = ("ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress")
RESTRICT_SG_DESCRIPTION = "Lambda function for removing all inbound/outbound rules from the VPC default security group"
SECRET_EXCLUDED = " %+~`#$&*()|[]{}:;<>?!'/@\"\\"
ENGINE_PORTS = {"postgres": 5432, "aurora-postgresql": 5432, "mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306, "aurora": 3306}


def _lib() -> Any:
    from verifier.cdk import library

    return library


def _az_count(vpc: ConstructV, props: ObjV) -> int:
    zones = props.get("availabilityZones")
    if isinstance(zones, list) and zones:
        return len(zones)
    max_azs = props.get("maxAzs")
    stack_env = vpc.stack.props.get("env") if vpc.stack is not None else None
    known_env = isinstance(stack_env, dict) and isinstance(stack_env.get("account"), str) and isinstance(stack_env.get("region"), str)
    available = 3 if known_env else 2  # env-agnostic stacks get two Fn::GetAZs picks
    return min(max_azs, available) if isinstance(max_azs, int) and max_azs > 0 else available


def _subnet_plan(props: ObjV) -> list[tuple[str, str, int | None]]:
    """(name, type, cidr mask) per subnet group, as configured or CDK's public+private default."""
    config = props.get("subnetConfiguration")
    if not isinstance(config, list):
        return list(DEFAULT_SUBNETS)
    plan = []
    for item in config:
        if isinstance(item, dict):
            kind = c.plain(item.get("subnetType"))
            name = item.get("name") if isinstance(item.get("name"), str) else SUBNET_NAMES.get(str(kind), "Subnet")
            mask = item.get("cidrMask") if isinstance(item.get("cidrMask"), int) else None
            plan.append((name, kind if isinstance(kind, str) else "Private", mask))
    return plan


def _cidrs(cidr: Any, plan: list[tuple[str, str, int | None]], azs: int) -> list[Any]:
    """CIDR of each subnet (group-major, then AZ), as CDK allocates them; Unresolved if unknown."""
    try:
        network = ipaddress.ip_network(str(cidr))
    except ValueError:
        return [Unresolved("Unknown", "subnet CIDR")] * (len(plan) * azs)
    count = len(plan) * azs
    if all(mask is None for _, _, mask in plan):
        bits = max(0, (count - 1).bit_length())
        subnets = list(network.subnets(prefixlen_diff=bits)) if network.prefixlen + bits <= network.max_prefixlen else []
        return [str(s) for s in subnets[:count]] or [Unresolved("Unknown", "subnet CIDR")] * count
    out: list[Any] = []
    cursor = int(network.network_address)
    for _, _, mask in plan:
        for _ in range(azs):
            if mask is None:
                out.append(Unresolved("Unknown", "subnet CIDR"))
                continue
            size = 2 ** (32 - mask)
            cursor = (cursor + size - 1) // size * size
            out.append(f"{ipaddress.ip_address(cursor)}/{mask}")
            cursor += size
    return out


def vpc(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    cidr = props.get("ipAddresses") if props.get("ipAddresses") is not None else props.get("cidr")
    if cidr is not None:
        draft.set(("CidrBlock",), cidr, props.line_of("ipAddresses") if "ipAddresses" in props else props.line_of("cidr"))
    name = props.get("vpcName") if props.get("vpcName") is not None else construct.path_text
    draft.set(("Tags",), [{"Key": "Name", "Value": name}], props.line_of("vpcName") if "vpcName" in props else construct.line)
    azs = _az_count(construct, props)
    plan = _subnet_plan(props)
    cidrs = _cidrs(draft.get(("CidrBlock",)) or "10.0.0.0/16", plan, azs)
    line = construct.line
    has_public = any(kind == "Public" for _, kind, _ in plan)
    if has_public:
        igw = _lib().new_draft(ev, construct, "AWS::EC2::InternetGateway", "IGW", line=line)
        igw.set(("Tags",), [{"Key": "Name", "Value": name}], line)
        attach = _lib().new_draft(ev, construct, "AWS::EC2::VPCGatewayAttachment", "VPCGW", line=line)
        attach.set(("InternetGatewayId",), Unresolved("Ref", f"!Ref {igw.logical_id}"), line)
        attach.set(("VpcId",), ref(construct), line)
        construct.state["igw"] = igw
    has_private = any(kind == "Private" for _, kind, _ in plan)
    nat_count = props.get("natGateways") if isinstance(props.get("natGateways"), int) else (azs if has_private else 0)
    construct.state["subnets"] = {}
    nats: list[Draft] = []
    index = 0
    for group, kind, _ in plan:
        for az in range(azs):
            subnet = _subnet(ev, construct, group, kind, az, cidrs[index] if index < len(cidrs) else None, name, line)
            construct.state["subnets"].setdefault(kind, []).append(subnet)
            if kind == "Public" and len(nats) < nat_count:
                eip = _lib().new_draft(ev, construct, "AWS::EC2::EIP", "EIP", under=(f"{group}Subnet{az + 1}",), line=line)
                eip.set(("Domain",), "vpc", line)
                eip.set(("Tags",), [{"Key": "Name", "Value": f"{construct.path_text}/{group}Subnet{az + 1}"}], line)
                nat = _lib().new_draft(ev, construct, "AWS::EC2::NatGateway", "NATGateway", under=(f"{group}Subnet{az + 1}",), line=line)
                nat.set(("AllocationId",), Unresolved("GetAtt", f"!GetAtt {eip.logical_id}.AllocationId"), line)
                nat.set(("SubnetId",), Unresolved("Ref", f"!Ref {subnet.logical_id}"), line)
                nat.set(("Tags",), [{"Key": "Name", "Value": f"{construct.path_text}/{group}Subnet{az + 1}"}], line)
                nats.append(nat)
            index += 1
    for subnet_route in construct.state.get("routes", []):
        kind, route, az = subnet_route
        if kind == "Private" and nats:
            route.set(("NatGatewayId",), Unresolved("Ref", f"!Ref {nats[az % len(nats)].logical_id}"), line)
    if props.get("natGateways") is not None:
        draft.lines[("@natGateways",)] = props.line_of("natGateways")
        draft.attributes["cdk_props"] = {"natGateways": props.get("natGateways")}  # as written: synthesis may make fewer
    if ev.context.get(FLAG_RESTRICT_DEFAULT_SG) and props.get("restrictDefaultSecurityGroup") is not False:
        custom = _lib().new_draft(ev, construct, "Custom::VpcRestrictDefaultSG", "Default", under=("RestrictDefaultSecurityGroupCustomResource",), line=line)
        custom.set(("DefaultSecurityGroupId",), Unresolved("GetAtt", f"!GetAtt {draft.logical_id}.DefaultSecurityGroup"), line)
        custom.set(("Account",), Unresolved("Ref", "!Ref AWS::AccountId"), line)
        from verifier.cdk.builders import _stack_provider

        group_arn = Unresolved("Join", f"arn:aws:ec2:${{!Ref AWS::Region}}:${{!Ref AWS::AccountId}}:security-group/${{!GetAtt {draft.logical_id}.DefaultSecurityGroup}}")
        policies = [{"PolicyName": "Inline", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(RESTRICT_SG_ACTIONS), "Resource": [group_arn]}]}}]
        handler = _stack_provider(ev, construct, "Custom::VpcRestrictDefaultSGCustomResourceProvider", line, RESTRICT_SG_DESCRIPTION, policies)
        if handler is not None:
            custom.set(("ServiceToken",), Unresolved("GetAtt", f"!GetAtt {handler.logical_id}.Arn"), line)
    for index_log, (log_id, options) in enumerate((props.get("flowLogs") or {}).items() if isinstance(props.get("flowLogs"), dict) else []):
        add_flow_log(ev, construct, [log_id, options], ObjV(), props.line_of("flowLogs") + index_log * 0, frame)


def _subnet(ev: Evaluator, vpc_c: ConstructV, group: str, kind: str, az: int, cidr: Any, vpc_name: Any, line: int) -> Draft:
    under = (f"{group}Subnet{az + 1}",)
    subnet = _lib().new_draft(ev, vpc_c, "AWS::EC2::Subnet", "Subnet", under=under, line=line)
    subnet.set(("AvailabilityZone",), Unresolved("Select", f"!Select [{az}, !GetAZs '']"), line)
    if cidr is not None:
        subnet.set(("CidrBlock",), cidr, line)
    subnet.set(("MapPublicIpOnLaunch",), kind == "Public", line)
    subnet.set(("Tags",), [{"Key": "aws-cdk:subnet-name", "Value": group}, {"Key": "aws-cdk:subnet-type", "Value": kind}, {"Key": "Name", "Value": f"{vpc_c.path_text}/{under[0]}"}], line)
    subnet.set(("VpcId",), ref(vpc_c), line)
    table = _lib().new_draft(ev, vpc_c, "AWS::EC2::RouteTable", "RouteTable", under=under, line=line)
    table.set(("Tags",), [{"Key": "Name", "Value": f"{vpc_c.path_text}/{under[0]}"}], line)
    table.set(("VpcId",), ref(vpc_c), line)
    assoc = _lib().new_draft(ev, vpc_c, "AWS::EC2::SubnetRouteTableAssociation", "RouteTableAssociation", under=under, line=line)
    assoc.set(("RouteTableId",), Unresolved("Ref", f"!Ref {table.logical_id}"), line)
    assoc.set(("SubnetId",), Unresolved("Ref", f"!Ref {subnet.logical_id}"), line)
    if kind in ("Public", "Private"):
        route = _lib().new_draft(ev, vpc_c, "AWS::EC2::Route", "DefaultRoute", under=under, line=line)
        route.set(("DestinationCidrBlock",), "0.0.0.0/0", line)
        route.set(("RouteTableId",), Unresolved("Ref", f"!Ref {table.logical_id}"), line)
        if kind == "Public" and vpc_c.state.get("igw") is not None:
            route.set(("GatewayId",), Unresolved("Ref", f"!Ref {vpc_c.state['igw'].logical_id}"), line)
        vpc_c.state.setdefault("routes", []).append((kind, route, az))
        if kind == "Private":
            vpc_c.state["routes_private"] = True
    return subnet


def subnets_of(vpc_c: ConstructV, kind: str) -> Any:
    subnets = vpc_c.state.get("subnets", {}).get(kind)
    if subnets is None:
        return None
    return [Unresolved("Ref", f"!Ref {s.logical_id}") for s in subnets]


def subnet_refs(vpc_value: Any, selection: Any) -> Any:
    """Subnet ids a construct in ``vpc`` lands in: private by default, else the selected type."""
    if not isinstance(vpc_value, ConstructV):
        return Unresolved("Unknown", "subnets")
    wanted = c.plain(selection.get("subnetType")) if isinstance(selection, dict) else None
    order = [wanted] if isinstance(wanted, str) else ["Private", "Isolated", "Public"]
    for kind in order:
        found = subnets_of(vpc_value, kind)
        if found:
            return found
    return Unresolved("Unknown", "subnets")


def security_group_builder(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    description = props.get("description") if props.get("description") is not None else construct.path_text
    draft.set(("GroupDescription",), description, props.line_of("description") if "description" in props else construct.line)
    if props.get("allowAllOutbound") is not False:
        draft.set(("SecurityGroupEgress",), [dict(ALL_OUTBOUND)], props.line_of("allowAllOutbound") if "allowAllOutbound" in props else construct.line)
    else:
        draft.set(("SecurityGroupEgress",), [{"CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic", "FromPort": 252, "IpProtocol": "icmp", "ToPort": 86}], props.line_of("allowAllOutbound"))
    vpc_value = props.get("vpc")
    if vpc_value is not None:
        draft.set(("VpcId",), ref(vpc_value) if isinstance(vpc_value, ConstructV) else to_cfn(vpc_value), props.line_of("vpc") if "vpc" in props else construct.line)


def _rule(peer: Any, port: Any, description: Any) -> dict[str, Any] | None:
    if isinstance(port, Made) or not isinstance(port, dict):
        port = getattr(port, "value", port)
    if not isinstance(peer, dict):
        peer = getattr(peer, "value", peer)
    if not isinstance(port, dict) or not isinstance(peer, dict):
        return None
    rule: dict[str, Any] = {**peer, **port}
    if description is None:
        target = next(iter(peer.values()), "?")
        span = f"{port.get('FromPort')}" if port.get("FromPort") == port.get("ToPort") else f"{port.get('FromPort')}-{port.get('ToPort')}"
        description = f"from {target}:{span if port.get('FromPort') is not None else 'ALL TRAFFIC'}"
    rule["Description"] = description
    return rule


def add_ingress_rule(ev: Evaluator, sg: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    peer = args[0] if args else props.get("peer")
    port = args[1] if len(args) > 1 else props.get("connection")
    description = args[2] if len(args) > 2 else props.get("description")
    main = sg.state.get("main")
    if main is None:
        return None
    if isinstance(peer, ConstructV):  # security group peer: a separate ingress resource
        rule = _lib().new_draft(ev, sg, "AWS::EC2::SecurityGroupIngress", None, under=(f"from {peer.id}:{_port_text(port)}",), line=line, file=frame.module.file)
        values = _rule({"SourceSecurityGroupId": get_att(peer, "GroupId")}, port, description) or {}
        for key, value in values.items():
            rule.set((key,), value, line)
        rule.set(("GroupId",), get_att(sg, "GroupId"), line)
        return None
    rule_value = _rule(peer, port, description)
    if rule_value is not None:
        main.append(("SecurityGroupIngress",), rule_value, line)
    else:
        main.append(("SecurityGroupIngress",), Unresolved("Unknown", "ingress rule"), line)
    return None


def _port_text(port: Any) -> str:
    port = getattr(port, "value", port)
    if isinstance(port, dict):
        return f"{port.get('FromPort')}"
    return "port"


def add_egress_rule(ev: Evaluator, sg: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    main = sg.state.get("main")
    rule_value = _rule(args[0] if args else None, args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else None)
    if main is not None and rule_value is not None and main.get(("SecurityGroupEgress", 0, "CidrIp")) != "0.0.0.0/0":
        main.append(("SecurityGroupEgress",), rule_value, line)
    return None


def allow_from(ev: Evaluator, target: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    group = target if target.kind == "ec2.SecurityGroup" else target.state.get("security_group")
    if isinstance(group, ConstructV):
        return add_ingress_rule(ev, group, args, props, line, frame)
    return None


def _vpc_group(ev: Evaluator, owner: ConstructV, props: ObjV, description: str, frame: Frame) -> ConstructV | None:
    groups = props.get("securityGroups")
    if isinstance(groups, list) and groups and isinstance(groups[0], ConstructV):
        owner.state["security_group"] = groups[0]
        return groups[0]
    sg = ConstructV("ec2.SecurityGroup", "SecurityGroup", (*owner.path, "SecurityGroup"), ObjV(), owner.line, owner.file, stack=owner.stack)
    sg.state["active"] = owner.state.get("active", True)
    draft = _lib().new_draft(ev, sg, "AWS::EC2::SecurityGroup", "Resource", main=True)
    security_group_builder(ev, sg, draft, ObjV({"vpc": props.get("vpc"), "description": description}), frame)
    owner.state["security_group"] = sg
    return sg


def _engine(props: ObjV) -> tuple[Any, Any]:
    engine = props.get("engine")
    value = getattr(engine, "value", engine)
    if isinstance(value, dict):
        return value.get("engine"), value.get("version")
    return Unresolved("Unknown", "engine"), None


def _secret(ev: Evaluator, owner: ConstructV, draft: Draft, props: ObjV, engine: Any, target_type: str) -> None:
    credentials = props.get("credentials")
    username = "admin" if isinstance(engine, str) and "mysql" in engine or engine == "mariadb" else "postgres"
    if isinstance(credentials, Made) and credentials.args and isinstance(credentials.args[0], str):
        username = credentials.args[0]
    secret = ConstructV("secretsmanager.Secret", "Secret", (*owner.path, "Secret"), ObjV(), owner.line, owner.file, stack=owner.stack)
    secret.state["active"] = owner.state.get("active", True)
    secret_draft = _lib().new_draft(ev, secret, "AWS::SecretsManager::Secret", "Resource", main=True)
    secret_draft.set(("GenerateSecretString",), {"ExcludeCharacters": SECRET_EXCLUDED, "GenerateStringKey": "password", "PasswordLength": 30, "SecretStringTemplate": f'{{"username":"{username}"}}'}, owner.line)
    secret_draft.set(("Description",), Unresolved("Join", "Generated by the CDK for stack: ${!Ref AWS::StackName}"), owner.line)
    secret_draft.attributes.update({"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"})
    attachment = _lib().new_draft(ev, secret, "AWS::SecretsManager::SecretTargetAttachment", "Resource", under=("Attachment",))
    attachment.set(("SecretId",), ref(secret), owner.line)
    attachment.set(("TargetId",), ref(owner), owner.line)
    attachment.set(("TargetType",), target_type, owner.line)
    owner.state["secret"] = secret
    draft.set(("MasterUsername",), Unresolved("Join", f"{{{{resolve:secretsmanager:${{!Ref {secret_draft.logical_id}}}:SecretString:username::}}}}"), props.line_of("credentials") if "credentials" in props else owner.line)
    draft.set(("MasterUserPassword",), Unresolved("Join", f"{{{{resolve:secretsmanager:${{!Ref {secret_draft.logical_id}}}:SecretString:password::}}}}"), owner.line)


def _subnet_group(ev: Evaluator, owner: ConstructV, props: ObjV, child: str, description: str) -> Draft:
    group = _lib().new_draft(ev, owner, "AWS::RDS::DBSubnetGroup", "Default", under=(child,))
    group.set(("DBSubnetGroupDescription",), description, owner.line)
    group.set(("SubnetIds",), subnet_refs(props.get("vpc"), props.get("vpcSubnets")), props.line_of("vpc") if "vpc" in props else owner.line)
    return group


def database_instance(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    engine, version = _engine(props)
    draft.set(("Engine",), engine, props.line_of("engine"))
    if version is not None:
        draft.set(("EngineVersion",), version, props.line_of("engine"))
    if props.get("vpc") is not None:
        group = _subnet_group(ev, construct, props, "SubnetGroup", f"Subnet group for {construct.id} database")
        draft.set(("DBSubnetGroupName",), Unresolved("Ref", f"!Ref {group.logical_id}"), props.line_of("vpc"))
        sg = _vpc_group(ev, construct, props, f"Security group for {construct.id} database", frame)
        if sg is not None:
            draft.set(("VPCSecurityGroups",), [get_att(sg, "GroupId")], props.line_of("vpc"))
    if props.get("storageEncryptionKey") is not None and not draft.has(("StorageEncrypted",)):
        draft.set(("StorageEncrypted",), True, props.line_of("storageEncryptionKey"))
    if props.get("credentials") is None or isinstance(props.get("credentials"), Made):
        _secret(ev, construct, draft, props, engine, "AWS::RDS::DBInstance")
    if isinstance(props.get("monitoringInterval"), object) and props.get("monitoringInterval") is not None:
        from verifier.cdk.builders import companion_role

        role = companion_role(ev, construct, "MonitoringRole", "monitoring.rds.amazonaws.com", ["arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"], props.line_of("monitoringInterval"))
        draft.set(("MonitoringRoleArn",), get_att(role, "Arn"), props.line_of("monitoringInterval"))


def database_cluster(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    engine, version = _engine(props)
    draft.set(("Engine",), engine, props.line_of("engine"))
    if version is not None:
        draft.set(("EngineVersion",), version, props.line_of("engine"))
    if engine == "aurora-postgresql" and isinstance(version, str):
        draft.set(("DBClusterParameterGroupName",), f"default.aurora-postgresql{version.split('.')[0]}", construct.line)
    elif engine == "aurora-mysql" and isinstance(version, str) and "mysql_aurora.3" in version:
        draft.set(("DBClusterParameterGroupName",), "default.aurora-mysql8.0", construct.line)
    if not draft.has(("Port",)) and engine in ENGINE_PORTS:
        draft.set(("Port",), ENGINE_PORTS[engine], construct.line)
    backup = props.get("backup")
    if isinstance(backup, dict) and backup.get("retention") is not None:
        draft.set(("BackupRetentionPeriod",), c.days(backup["retention"]), props.line_of("backup"))
    if props.get("vpc") is not None:
        group = _subnet_group(ev, construct, props, "Subnets", f"Subnets for {construct.id} database")
        draft.set(("DBSubnetGroupName",), Unresolved("Ref", f"!Ref {group.logical_id}"), props.line_of("vpc"))
        sg = _vpc_group(ev, construct, props, "RDS security group", frame)
        if sg is not None:
            draft.set(("VpcSecurityGroupIds",), [get_att(sg, "GroupId")], props.line_of("vpc"))
    if props.get("storageEncryptionKey") is not None and not draft.has(("StorageEncrypted",)):
        draft.set(("StorageEncrypted",), True, props.line_of("storageEncryptionKey"))
    if props.get("credentials") is None or isinstance(props.get("credentials"), Made):
        _secret(ev, construct, draft, props, engine, "AWS::RDS::DBCluster")
    instances = []
    writer = props.get("writer")
    if isinstance(writer, Made):
        instances.append((writer, props.line_of("writer"), 0))
    for reader in props.get("readers") or []:
        if isinstance(reader, Made):
            instances.append((reader, props.line_of("readers"), 1))
    if not instances and props.get("writer") is None:
        count = props.get("instances") if isinstance(props.get("instances"), int) else 2
        instance_props = props.get("instanceProps") if isinstance(props.get("instanceProps"), dict) else {}
        instances = [(Made("rds.ClusterInstance.provisioned", [f"Instance{i + 1}"], ObjV(instance_props)), props.line_of("instances") if "instances" in props else construct.line, i) for i in range(count)]
    for made, line, tier in instances:
        name = made.args[0] if made.args and isinstance(made.args[0], str) else "Instance"
        options = made.args[1] if len(made.args) > 1 and isinstance(made.args[1], dict) else made.props
        instance = _lib().new_draft(ev, construct, "AWS::RDS::DBInstance", "Resource", under=(name,), line=line)
        instance.set(("DBClusterIdentifier",), ref(construct), line)
        instance.set(("Engine",), engine, line)
        serverless = made.kind.endswith("serverlessV2")
        instance_type = options.get("instanceType") if isinstance(options, dict) else None
        instance.set(("DBInstanceClass",), "db.serverless" if serverless else c.instance_class(instance_type) if instance_type is not None else "db.t3.medium", line)
        instance.set(("PromotionTier",), tier if not serverless or tier == 0 else 2, line)
        instance.attributes.update({"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"})


def load_balancer(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    internet = props.get("internetFacing")
    if internet is not None:
        draft.set(("Scheme",), "internet-facing" if internet else "internal", props.line_of("internetFacing"))
    draft.set(("Subnets",), subnet_refs(props.get("vpc"), props.get("vpcSubnets") or ({"subnetType": "Public"} if internet else None)), props.line_of("vpc") if "vpc" in props else construct.line)
    protection = props.get("deletionProtection")
    if not draft.has(("LoadBalancerAttributes",)):
        draft.set(("LoadBalancerAttributes",), [{"Key": "deletion_protection.enabled", "Value": "true" if protection else "false"}], props.line_of("deletionProtection") if "deletionProtection" in props else construct.line)
    sg = props.get("securityGroup")
    if not isinstance(sg, ConstructV):
        sg = ConstructV("ec2.SecurityGroup", "SecurityGroup", (*construct.path, "SecurityGroup"), ObjV(), construct.line, construct.file, stack=construct.stack)
        sg.state["active"] = construct.state.get("active", True)
        sg_draft = _lib().new_draft(ev, sg, "AWS::EC2::SecurityGroup", "Resource", main=True)
        security_group_builder(ev, sg, sg_draft, ObjV({"vpc": props.get("vpc"), "description": f"Automatically created Security Group for ELB {draft.logical_id}", "allowAllOutbound": False}), frame)
    construct.state["security_group"] = sg
    draft.set(("SecurityGroups",), [get_att(sg, "GroupId")], construct.line)


def listener_builder(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    balancer = props.get("loadBalancer")
    if isinstance(balancer, ConstructV):
        draft.set(("LoadBalancerArn",), ref(balancer), props.line_of("loadBalancer"))
    _listener_props(construct, draft, props)


def _listener_props(construct: ConstructV, draft: Draft, props: ObjV) -> None:
    protocol = c.plain(props.get("protocol"))
    port = props.get("port")
    certificates = props.get("certificates")
    if protocol is None:
        protocol = "HTTPS" if certificates or port == 443 else "HTTP"
        draft.set(("Protocol",), protocol, construct.line)
    if port is None:
        draft.set(("Port",), 443 if protocol == "HTTPS" else 80, construct.line)
    if isinstance(certificates, list) and certificates:
        draft.set(("Certificates",), [{"CertificateArn": to_cfn(getattr(cert, "args", [cert])[0] if isinstance(cert, Made) else c.arn(cert))} for cert in certificates], props.line_of("certificates"))
    action = props.get("defaultAction")
    if isinstance(action, Made):
        draft.set(("DefaultActions",), [_action(action)], props.line_of("defaultAction"))


def _action(action: Made) -> dict[str, Any]:
    if action.kind.endswith("ListenerAction.redirect"):
        options = action.args[0] if action.args and isinstance(action.args[0], dict) else action.props
        redirect = {"StatusCode": "HTTP_302" if not options.get("permanent") else "HTTP_301"}
        for key, cfn in (("protocol", "Protocol"), ("port", "Port"), ("host", "Host"), ("path", "Path"), ("query", "Query")):
            if options.get(key) is not None:
                redirect[cfn] = to_cfn(options[key])
        return {"Type": "redirect", "RedirectConfig": redirect}
    if action.kind.endswith("ListenerAction.fixedResponse"):
        return {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": str(action.args[0]) if action.args else "200"}}
    return {"Type": "forward"}


def add_listener(ev: Evaluator, balancer: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    listener_id = args[0] if args and isinstance(args[0], str) else "Listener"
    options = args[1] if len(args) > 1 and isinstance(args[1], ObjV) else props
    merged = ObjV({**options, "loadBalancer": balancer}, dict(options.lines), options.line or line)
    listener = _lib().create(ev, "elasticloadbalancingv2.ApplicationListener", balancer, listener_id, merged, line, frame)
    sg = balancer.state.get("security_group")
    port = listener.state["main"].get(("Port",)) if listener.state.get("main") is not None else None
    if isinstance(sg, ConstructV) and options.get("open") is not False and sg.state.get("main") is not None and isinstance(port, int):
        rules = sg.state["main"].get(("SecurityGroupIngress",)) or []
        if not any(isinstance(r, dict) and r.get("CidrIp") == "0.0.0.0/0" and r.get("FromPort") == port and r.get("ToPort") == port for r in rules):
            # CDK keeps one rule per peer and port: an ingress the code already opened is not added twice
            sg.state["main"].append(("SecurityGroupIngress",), {"CidrIp": "0.0.0.0/0", "Description": "Allow from anyone on port " + str(port), "FromPort": port, "IpProtocol": "tcp", "ToPort": port}, line)
    return listener


def add_targets(ev: Evaluator, listener: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    target_id = args[0] if args and isinstance(args[0], str) else "Targets"
    options = args[1] if len(args) > 1 and isinstance(args[1], ObjV) else props
    group = _lib().new_draft(ev, listener, "AWS::ElasticLoadBalancingV2::TargetGroup", "Resource", under=(f"{target_id}Group",), line=line, file=frame.module.file)
    for key, cfn in (("port", "Port"), ("protocol", "Protocol"), ("targetGroupName", "Name")):
        if options.get(key) is not None:
            group.set((cfn,), options[key], options.line_of(key))
    health = options.get("healthCheck")
    if isinstance(health, dict):
        for key, cfn, conv in (("path", "HealthCheckPath", c.plain), ("interval", "HealthCheckIntervalSeconds", c.seconds), ("healthyThresholdCount", "HealthyThresholdCount", c.plain), ("unhealthyThresholdCount", "UnhealthyThresholdCount", c.plain)):
            if health.get(key) is not None:
                group.set((cfn,), conv(health[key]), options.line_of("healthCheck"))
    main = listener.state.get("main")
    if main is not None and not main.has(("DefaultActions",)):
        main.set(("DefaultActions",), [{"TargetGroupArn": Unresolved("Ref", f"!Ref {group.logical_id}"), "Type": "forward"}], line)
    return unknown("target group")


def flow_log(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    source = props.get("resourceType")
    target = source.args[0] if isinstance(source, Made) and source.args else None
    if isinstance(target, ConstructV):
        draft.set(("ResourceId",), ref(target), props.line_of("resourceType"))
        draft.set(("ResourceType",), "VPC" if target.kind == "ec2.Vpc" else "Subnet", props.line_of("resourceType"))
    draft.set(("TrafficType",), c.plain(props.get("trafficType")) or "ALL", props.line_of("trafficType") if "trafficType" in props else construct.line)
    destination = props.get("destination")
    if isinstance(destination, Made) and "toS3" in destination.kind:
        draft.set(("LogDestinationType",), "s3", props.line_of("destination"))
    else:
        draft.set(("LogDestinationType",), "cloud-watch-logs", construct.line)


def add_flow_log(ev: Evaluator, vpc_c: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    log_id = args[0] if args and isinstance(args[0], str) else "FlowLog"
    options = args[1] if len(args) > 1 and isinstance(args[1], ObjV) else props
    merged = ObjV({**options, "resourceType": Made("ec2.FlowLogResourceType.fromVpc", [vpc_c])}, dict(getattr(options, "lines", {})), line)
    return _lib().create(ev, "ec2.FlowLog", vpc_c, log_id, merged, line, frame)


def add_gateway_endpoint(ev: Evaluator, vpc_c: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    endpoint_id = args[0] if args and isinstance(args[0], str) else "Endpoint"
    endpoint = _lib().new_draft(ev, vpc_c, "AWS::EC2::VPCEndpoint", "Resource", under=(endpoint_id,), line=line, file=frame.module.file)
    endpoint.set(("VpcEndpointType",), "Gateway", line)
    endpoint.set(("VpcId",), ref(vpc_c), line)
    return None


def add_interface_endpoint(ev: Evaluator, vpc_c: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    endpoint_id = args[0] if args and isinstance(args[0], str) else "Endpoint"
    endpoint = _lib().new_draft(ev, vpc_c, "AWS::EC2::VPCEndpoint", "Resource", under=(endpoint_id,), line=line, file=frame.module.file)
    endpoint.set(("VpcEndpointType",), "Interface", line)
    endpoint.set(("VpcId",), ref(vpc_c), line)
    return None
