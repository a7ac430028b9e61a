"""ECS on Fargate in the static CDK reader: task definitions and their containers, services and
their task auto scaling, as ``cdk synth`` writes them (aws-cdk-lib v2).

``ecs.FargateTaskDefinition`` gets ``RequiresCompatibilities: [FARGATE]``, ``NetworkMode: awsvpc``
and a task role (CDK's 256 CPU units / 512 MiB are in ``defaults``); ``addContainer`` appends a container
definition. ``ecs.FargateService`` points at its cluster and task definition (``LaunchType:
FARGATE``); ``autoScaleTaskCount`` adds the scalable target and ``scaleOnCpuUtilization`` /
``scaleOnMemoryUtilization`` its target-tracking policies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from verifier.cdk import convert as c
from verifier.cdk.draft import Draft, get_att, ref, to_cfn
from verifier.cdk.values import ConstructV, Made, ObjV, unknown
from verifier.model import Unresolved

if TYPE_CHECKING:
    from verifier.cdk.evaluator import Evaluator, Frame

SCALING_METRICS = {"scaleOnCpuUtilization": "ECSServiceAverageCPUUtilization", "scaleOnMemoryUtilization": "ECSServiceAverageMemoryUtilization"}
CONTAINER_FIELDS = (("cpu", "Cpu"), ("memoryLimitMiB", "Memory"), ("memoryReservationMiB", "MemoryReservation"),
                    ("essential", "Essential"), ("readonlyRootFilesystem", "ReadonlyRootFilesystem"), ("containerName", "Name"))


def _lib() -> Any:
    from verifier.cdk import library

    return library


def _assume_ecs_tasks() -> dict[str, Any]:
    return {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}}], "Version": "2012-10-17"}


def fargate_task_definition(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    draft.set(("RequiresCompatibilities",), ["FARGATE"], construct.line)
    draft.set(("NetworkMode",), "awsvpc", construct.line)
    role = props.get("taskRole")
    if not isinstance(role, ConstructV):
        role = ConstructV("iam.Role", "TaskRole", (*construct.path, "TaskRole"), ObjV(), construct.line, construct.file, stack=construct.stack)
        role.state["active"] = construct.state.get("active", True)
        role.state["owner"] = construct
        role_draft = _lib().new_draft(ev, role, "AWS::IAM::Role", "Resource", main=True)
        role_draft.set(("AssumeRolePolicyDocument",), _assume_ecs_tasks(), construct.line)
    construct.state["role"] = role
    draft.set(("TaskRoleArn",), get_att(role, "Arn"), props.line_of("taskRole") if "taskRole" in props else construct.line)


def add_container(ev: Evaluator, task: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    """``taskDefinition.addContainer(id, options)``: one more container definition."""
    main = task.state.get("main")
    name = args[0] if args and isinstance(args[0], str) else "Container"
    options = args[1] if len(args) > 1 and isinstance(args[1], ObjV) else props
    if main is None:
        return unknown("container")
    container: dict[str, Any] = {"Name": name, "Essential": True}
    for key, cfn in CONTAINER_FIELDS:
        if options.get(key) is not None:
            container[cfn] = to_cfn(options[key])
    environment = options.get("environment")
    if isinstance(environment, dict):
        container["Environment"] = [{"Name": k, "Value": to_cfn(v)} for k, v in environment.items()]
    secrets = options.get("secrets")
    if isinstance(secrets, dict):
        container["Secrets"] = [{"Name": k, "ValueFrom": to_cfn(v)} for k, v in secrets.items()]
    image = options.get("image")
    if isinstance(image, Made) and image.kind.endswith(("fromRegistry", "from_registry")) and image.args and isinstance(image.args[0], str):
        container["Image"] = image.args[0]
    logging = options.get("logging")
    if isinstance(logging, Made) and logging.kind.endswith(("awsLogs", "aws_logs")):
        log_options = logging.args[0] if logging.args and isinstance(logging.args[0], dict) else logging.props
        group = log_options.get("logGroup")
        container["LogConfiguration"] = {"LogDriver": "awslogs", "Options": {
            "awslogs-group": ref(group) if isinstance(group, ConstructV) else Unresolved("Unknown", "log group the driver creates"),
            "awslogs-stream-prefix": to_cfn(log_options.get("streamPrefix")), "awslogs-region": Unresolved("Ref", "!Ref AWS::Region")}}
    if "LogConfiguration" in container or isinstance(options.get("secrets"), dict):
        _execution_role(ev, task, line)
    ports = options.get("portMappings")
    if isinstance(ports, list):
        container["PortMappings"] = [{"ContainerPort": to_cfn(p.get("containerPort")), "Protocol": "tcp"} for p in ports if isinstance(p, dict)]
    main.append(("ContainerDefinitions",), container, line)
    made = Made("ecs.ContainerDefinition", [task, name], options, line)
    return made


def _execution_role(ev: Evaluator, task: ConstructV, line: int) -> None:
    """The role ECS pulls images and writes logs with: CDK adds it once a container needs it."""
    main = task.state.get("main")
    if main is None or main.has(("ExecutionRoleArn",)):
        return
    role = ConstructV("iam.Role", "ExecutionRole", (*task.path, "ExecutionRole"), ObjV(), line, task.file, stack=task.stack)
    role.state["active"] = task.state.get("active", True)
    role.state["owner"] = task
    draft = _lib().new_draft(ev, role, "AWS::IAM::Role", "Resource", main=True)
    draft.set(("AssumeRolePolicyDocument",), _assume_ecs_tasks(), line)
    main.set(("ExecutionRoleArn",), get_att(role, "Arn"), line)


def fargate_service(ev: Evaluator, construct: ConstructV, draft: Draft, props: ObjV, frame: Frame) -> None:
    draft.set(("LaunchType",), "FARGATE", construct.line)
    cluster, task = props.get("cluster"), props.get("taskDefinition")
    if isinstance(cluster, ConstructV):
        draft.set(("Cluster",), ref(cluster), props.line_of("cluster"))
    if isinstance(task, ConstructV):
        draft.set(("TaskDefinition",), ref(task), props.line_of("taskDefinition"))
    public = props.get("assignPublicIp")
    draft.set(("NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"), "ENABLED" if public is True else "DISABLED",
              props.line_of("assignPublicIp") if "assignPublicIp" in props else construct.line)


def auto_scale_task_count(ev: Evaluator, service: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
    """``service.autoScaleTaskCount({minCapacity, maxCapacity})``: the scalable target."""
    options = args[0] if args and isinstance(args[0], ObjV) else props
    scaling = ConstructV("ecs.ScalableTaskCount", "TaskCount", (*service.path, "TaskCount"), options, line, frame.module.file, stack=service.stack)
    scaling.state["active"] = frame.active
    target = _lib().new_draft(ev, scaling, "AWS::ApplicationAutoScaling::ScalableTarget", "Resource", main=True, under=("Target",), line=line, file=frame.module.file)
    target.set(("MinCapacity",), to_cfn(options.get("minCapacity", 1)), options.line_of("minCapacity") if "minCapacity" in options else line)
    target.set(("MaxCapacity",), to_cfn(options.get("maxCapacity")), options.line_of("maxCapacity"))
    target.set(("ServiceNamespace",), "ecs", line)
    target.set(("ScalableDimension",), "ecs:service:DesiredCount", line)
    return scaling


def _scale_on(metric: str) -> Any:
    def method(ev: Evaluator, scaling: ConstructV, args: list[Any], props: ObjV, line: int, frame: Frame) -> Any:
        if scaling.kind != "ecs.ScalableTaskCount":
            return unknown(f"{scaling.kind}.scaleOn()")
        policy_id = args[0] if args and isinstance(args[0], str) else "Scaling"
        options = args[1] if len(args) > 1 and isinstance(args[1], ObjV) else props
        policy = _lib().new_draft(ev, scaling, "AWS::ApplicationAutoScaling::ScalingPolicy", "Resource", under=("Target", policy_id), line=line, file=frame.module.file)
        policy.set(("PolicyType",), "TargetTrackingScaling", line)
        config_line = options.line_of("targetUtilizationPercent")
        policy.set(("TargetTrackingScalingPolicyConfiguration", "TargetValue"), to_cfn(options.get("targetUtilizationPercent")), config_line)
        policy.set(("TargetTrackingScalingPolicyConfiguration", "PredefinedMetricSpecification", "PredefinedMetricType"), metric, config_line)
        for key, cfn in (("scaleInCooldown", "ScaleInCooldown"), ("scaleOutCooldown", "ScaleOutCooldown")):
            if options.get(key) is not None:
                policy.set(("TargetTrackingScalingPolicyConfiguration", cfn), c.seconds(options[key]), options.line_of(key))
        return unknown("scaling policy")
    return method


METHODS = {"addContainer": add_container, "autoScaleTaskCount": auto_scale_task_count,
           **{name: _scale_on(metric) for name, metric in SCALING_METRICS.items()}}
