"""Data: which CloudFormation type each Terraform resource type is, and where its attributes go.

Every row of ``RESOURCE_TYPES`` is ``terraform type -> TypeMap(CloudFormation type, rules)``;
the rule vocabulary is in ``rules.py``. Attributes without a rule keep their native name, so
generic leaf searches still see them; a type without a row keeps its Terraform type name.
Resources that only configure another resource (``aws_s3_bucket_versioning`` ...) are in
``split_resources.py``. ``LIFECYCLE`` maps ``lifecycle`` settings to CloudFormation resource
attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from verifier.terraform.rules import (
    Each,
    Item,
    Rule,
    To,
    as_text,
    capitalized_keys,
    enabled_status,
    json_document,
    minus_one_is_unset,
    name_value,
    rule_status,
    scheme,
    tags,
    typed_items,
    upper_state,
    zero_is_unset,
)


@dataclass(frozen=True)
class TypeMap:
    cfn_type: str
    rules: Mapping[str, Rule] = field(default_factory=dict)


TAGS: dict[str, Rule] = {"tags": To("Tags", tags)}
DOC = json_document

# -- reused field groups
SG_RULE = {"from_port": "FromPort", "to_port": "ToPort", "protocol": "IpProtocol", "description": "Description",
           "prefix_list_ids": "SourcePrefixListIds"}
SG_EXPLODE = {"cidr_blocks": "CidrIp", "ipv6_cidr_blocks": "CidrIpv6", "security_groups": "SourceSecurityGroupId"}
SG_EGRESS_EXPLODE = {"cidr_blocks": "CidrIp", "ipv6_cidr_blocks": "CidrIpv6", "security_groups": "DestinationSecurityGroupId"}
LIFECYCLE_RULE: dict[str, Rule] = {
    "id": "Id",
    "status": "Status",
    "prefix": "Prefix",
    "filter.prefix": "Prefix",
    "expiration.days": "ExpirationInDays",
    "transition": Each("Transitions", {"days": "TransitionInDays", "storage_class": "StorageClass"}),
    "noncurrent_version_expiration.noncurrent_days": "NoncurrentVersionExpiration.NoncurrentDays",
    "noncurrent_version_expiration.days": "NoncurrentVersionExpiration.NoncurrentDays",
    "noncurrent_version_transition": Each("NoncurrentVersionTransitions", {"noncurrent_days": "TransitionInDays", "days": "TransitionInDays", "storage_class": "StorageClass"}),
    "abort_incomplete_multipart_upload.days_after_initiation": "AbortIncompleteMultipartUpload.DaysAfterInitiation",
    "abort_incomplete_multipart_upload_days": "AbortIncompleteMultipartUpload.DaysAfterInitiation",
}
SSE_RULE: dict[str, Rule] = {
    "apply_server_side_encryption_by_default.sse_algorithm": "ServerSideEncryptionByDefault.SSEAlgorithm",
    "apply_server_side_encryption_by_default.kms_master_key_id": "ServerSideEncryptionByDefault.KMSMasterKeyID",
    "bucket_key_enabled": "BucketKeyEnabled",
}
INLINE_POLICY: dict[str, Rule] = {"name": "PolicyName", "policy": To("PolicyDocument", DOC)}
KEY_HASH = {"KeyType": "HASH"}
KEY_RANGE = {"KeyType": "RANGE"}
LB_ATTRIBUTE = "LoadBalancerAttributes"


def _lb_attribute(key: str) -> Item:
    return Item(LB_ATTRIBUTE, "Value", {"Key": key}, as_text)


LAMBDA = {
    "function_name": "FunctionName", "runtime": "Runtime", "handler": "Handler", "memory_size": "MemorySize",
    "timeout": "Timeout", "role": "Role", "architectures": "Architectures", "description": "Description",
    "reserved_concurrent_executions": To("ReservedConcurrentExecutions", minus_one_is_unset),
    "kms_key_arn": "KmsKeyArn", "tracing_config.mode": "TracingConfig.Mode",
    "environment.variables": "Environment.Variables", "dead_letter_config.target_arn": "DeadLetterConfig.TargetArn",
    "vpc_config.subnet_ids": "VpcConfig.SubnetIds", "vpc_config.security_group_ids": "VpcConfig.SecurityGroupIds",
    "layers": "Layers", "package_type": "PackageType", "image_uri": "Code.ImageUri", "s3_bucket": "Code.S3Bucket",
    "s3_key": "Code.S3Key", "ephemeral_storage.size": "EphemeralStorage.Size",
    "logging_config.log_group": "LoggingConfig.LogGroup", "logging_config.log_format": "LoggingConfig.LogFormat", **TAGS,
}
DB_INSTANCE = {
    "identifier": "DBInstanceIdentifier", "engine": "Engine", "engine_version": "EngineVersion",
    "instance_class": "DBInstanceClass", "allocated_storage": "AllocatedStorage", "max_allocated_storage": "MaxAllocatedStorage",
    "storage_type": "StorageType", "iops": "Iops", "storage_encrypted": "StorageEncrypted", "kms_key_id": "KmsKeyId",
    "multi_az": "MultiAZ", "backup_retention_period": "BackupRetentionPeriod", "backup_window": "PreferredBackupWindow",
    "maintenance_window": "PreferredMaintenanceWindow", "deletion_protection": "DeletionProtection", "db_name": "DBName",
    "name": "DBName", "username": "MasterUsername", "password": "MasterUserPassword",
    "manage_master_user_password": "ManageMasterUserPassword", "db_subnet_group_name": "DBSubnetGroupName",
    "vpc_security_group_ids": "VPCSecurityGroups", "publicly_accessible": "PubliclyAccessible",
    "performance_insights_enabled": "EnablePerformanceInsights", "monitoring_interval": "MonitoringInterval",
    "monitoring_role_arn": "MonitoringRoleArn", "iam_database_authentication_enabled": "EnableIAMDatabaseAuthentication",
    "auto_minor_version_upgrade": "AutoMinorVersionUpgrade", "port": "Port", "parameter_group_name": "DBParameterGroupName",
    "enabled_cloudwatch_logs_exports": "EnableCloudwatchLogsExports", "copy_tags_to_snapshot": "CopyTagsToSnapshot",
    "cluster_identifier": "DBClusterIdentifier", **TAGS,
}
LB = {
    "name": "Name", "internal": To("Scheme", scheme), "load_balancer_type": "Type", "subnets": "Subnets",
    "security_groups": "SecurityGroups", "ip_address_type": "IpAddressType",
    "subnet_mapping": Each("SubnetMappings", {"subnet_id": "SubnetId", "allocation_id": "AllocationId"}),
    "enable_deletion_protection": _lb_attribute("deletion_protection.enabled"),
    "idle_timeout": _lb_attribute("idle_timeout.timeout_seconds"),
    "drop_invalid_header_fields": _lb_attribute("routing.http.drop_invalid_header_fields.enabled"),
    "enable_http2": _lb_attribute("routing.http2.enabled"),
    "access_logs.enabled": _lb_attribute("access_logs.s3.enabled"),
    "access_logs.bucket": _lb_attribute("access_logs.s3.bucket"),
    "access_logs.prefix": _lb_attribute("access_logs.s3.prefix"), **TAGS,
}
LISTENER = {
    "load_balancer_arn": "LoadBalancerArn", "port": "Port", "protocol": "Protocol", "ssl_policy": "SslPolicy",
    "certificate_arn": Item("Certificates", "CertificateArn"), "alpn_policy": Item("AlpnPolicy"),
    "default_action": Each("DefaultActions", {
        "type": "Type", "target_group_arn": "TargetGroupArn", "order": "Order",
        "redirect.protocol": "RedirectConfig.Protocol", "redirect.port": "RedirectConfig.Port",
        "redirect.status_code": "RedirectConfig.StatusCode", "redirect.host": "RedirectConfig.Host",
        "fixed_response.status_code": "FixedResponseConfig.StatusCode",
        "fixed_response.content_type": "FixedResponseConfig.ContentType",
        "fixed_response.message_body": "FixedResponseConfig.MessageBody",
    }), **TAGS,
}
TARGET_GROUP = {
    "name": "Name", "port": "Port", "protocol": "Protocol", "vpc_id": "VpcId", "target_type": "TargetType",
    "deregistration_delay": _lb_attribute("deregistration_delay.timeout_seconds"),
    "health_check.path": "HealthCheckPath", "health_check.interval": "HealthCheckIntervalSeconds",
    "health_check.healthy_threshold": "HealthyThresholdCount", "health_check.unhealthy_threshold": "UnhealthyThresholdCount",
    "health_check.timeout": "HealthCheckTimeoutSeconds", "health_check.matcher": "Matcher.HttpCode",
    "health_check.protocol": "HealthCheckProtocol", "health_check.port": "HealthCheckPort",
    "health_check.enabled": "HealthCheckEnabled", **TAGS,
}

RESOURCE_TYPES: dict[str, TypeMap] = {
    # compute
    "aws_lambda_function": TypeMap("AWS::Lambda::Function", LAMBDA),
    "aws_lambda_function_url": TypeMap("AWS::Lambda::Url", {"function_name": "TargetFunctionArn", "authorization_type": "AuthType"}),
    "aws_lambda_alias": TypeMap("AWS::Lambda::Alias", {"name": "Name", "function_name": "FunctionName", "function_version": "FunctionVersion"}),
    "aws_lambda_permission": TypeMap("AWS::Lambda::Permission", {"action": "Action", "function_name": "FunctionName", "principal": "Principal", "source_arn": "SourceArn"}),
    "aws_lambda_layer_version": TypeMap("AWS::Lambda::LayerVersion", {"layer_name": "LayerName", "compatible_runtimes": "CompatibleRuntimes"}),
    "aws_lambda_event_source_mapping": TypeMap("AWS::Lambda::EventSourceMapping", {
        "batch_size": "BatchSize", "event_source_arn": "EventSourceArn", "function_name": "FunctionName",
        "starting_position": "StartingPosition", "enabled": "Enabled",
        "maximum_batching_window_in_seconds": "MaximumBatchingWindowInSeconds",
        "maximum_retry_attempts": "MaximumRetryAttempts", "bisect_batch_on_function_error": "BisectBatchOnFunctionError",
        "destination_config.on_failure.destination_arn": "DestinationConfig.OnFailure.Destination",
        "function_response_types": "FunctionResponseTypes",
        "scaling_config.maximum_concurrency": "ScalingConfig.MaximumConcurrency",
    }),
    "aws_lambda_function_event_invoke_config": TypeMap("AWS::Lambda::EventInvokeConfig", {
        "function_name": "FunctionName", "qualifier": "Qualifier", "maximum_retry_attempts": "MaximumRetryAttempts",
        "maximum_event_age_in_seconds": "MaximumEventAgeInSeconds",
        "destination_config.on_failure.destination": "DestinationConfig.OnFailure.Destination",
        "destination_config.on_success.destination": "DestinationConfig.OnSuccess.Destination",
    }),
    "aws_instance": TypeMap("AWS::EC2::Instance", {
        "ami": "ImageId", "instance_type": "InstanceType", "subnet_id": "SubnetId", "key_name": "KeyName",
        "vpc_security_group_ids": "SecurityGroupIds", "security_groups": "SecurityGroups",
        "iam_instance_profile": "IamInstanceProfile", "user_data": "UserData", "monitoring": "Monitoring",
        "ebs_optimized": "EbsOptimized", "availability_zone": "AvailabilityZone", "private_ip": "PrivateIpAddress",
        "associate_public_ip_address": "AssociatePublicIpAddress", **TAGS,
    }),
    "aws_launch_template": TypeMap("AWS::EC2::LaunchTemplate", {
        "name": "LaunchTemplateName", "image_id": "LaunchTemplateData.ImageId",
        "instance_type": "LaunchTemplateData.InstanceType", "key_name": "LaunchTemplateData.KeyName",
        "vpc_security_group_ids": "LaunchTemplateData.SecurityGroupIds", "user_data": "LaunchTemplateData.UserData",
        "ebs_optimized": "LaunchTemplateData.EbsOptimized",
        "iam_instance_profile.name": "LaunchTemplateData.IamInstanceProfile.Name",
        "iam_instance_profile.arn": "LaunchTemplateData.IamInstanceProfile.Arn",
        "metadata_options.http_tokens": "LaunchTemplateData.MetadataOptions.HttpTokens",
        "metadata_options.http_endpoint": "LaunchTemplateData.MetadataOptions.HttpEndpoint",
        "monitoring.enabled": "LaunchTemplateData.Monitoring.Enabled",
        "block_device_mappings": Each("LaunchTemplateData.BlockDeviceMappings", {
            "device_name": "DeviceName", "ebs.volume_size": "Ebs.VolumeSize", "ebs.volume_type": "Ebs.VolumeType",
            "ebs.encrypted": "Ebs.Encrypted", "ebs.kms_key_id": "Ebs.KmsKeyId", "ebs.delete_on_termination": "Ebs.DeleteOnTermination",
        }),
        **TAGS,
    }),
    "aws_launch_configuration": TypeMap("AWS::AutoScaling::LaunchConfiguration", {
        "name": "LaunchConfigurationName", "image_id": "ImageId", "instance_type": "InstanceType",
        "security_groups": "SecurityGroups", "user_data": "UserData", "iam_instance_profile": "IamInstanceProfile",
    }),
    "aws_autoscaling_group": TypeMap("AWS::AutoScaling::AutoScalingGroup", {
        "name": "AutoScalingGroupName", "min_size": "MinSize", "max_size": "MaxSize", "desired_capacity": "DesiredCapacity",
        "vpc_zone_identifier": "VPCZoneIdentifier", "target_group_arns": "TargetGroupARNs",
        "health_check_type": "HealthCheckType", "health_check_grace_period": "HealthCheckGracePeriod",
        "launch_configuration": "LaunchConfigurationName", "availability_zones": "AvailabilityZones",
        "launch_template.id": "LaunchTemplate.LaunchTemplateId", "launch_template.name": "LaunchTemplate.LaunchTemplateName",
        "launch_template.version": "LaunchTemplate.Version",
        "tag": Each("Tags", {"key": "Key", "value": "Value", "propagate_at_launch": "PropagateAtLaunch"}),
    }),
    "aws_autoscaling_policy": TypeMap("AWS::AutoScaling::ScalingPolicy", {
        "autoscaling_group_name": "AutoScalingGroupName", "policy_type": "PolicyType", "adjustment_type": "AdjustmentType",
        "scaling_adjustment": "ScalingAdjustment", "cooldown": "Cooldown",
        "target_tracking_configuration.target_value": "TargetTrackingConfiguration.TargetValue",
        "target_tracking_configuration.predefined_metric_specification.predefined_metric_type":
            "TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
    }),
    "aws_ecs_cluster": TypeMap("AWS::ECS::Cluster", {"name": "ClusterName", "setting": Each("ClusterSettings", {"name": "Name", "value": "Value"}), **TAGS}),
    "aws_ecs_service": TypeMap("AWS::ECS::Service", {
        "name": "ServiceName", "cluster": "Cluster", "task_definition": "TaskDefinition", "desired_count": "DesiredCount",
        "launch_type": "LaunchType", "platform_version": "PlatformVersion",
        "network_configuration.subnets": "NetworkConfiguration.AwsvpcConfiguration.Subnets",
        "network_configuration.security_groups": "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups",
        "network_configuration.assign_public_ip": To("NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp", upper_state),
        "load_balancer": Each("LoadBalancers", {"target_group_arn": "TargetGroupArn", "container_name": "ContainerName", "container_port": "ContainerPort"}),
        **TAGS,
    }),
    "aws_ecs_task_definition": TypeMap("AWS::ECS::TaskDefinition", {
        "family": "Family", "cpu": "Cpu", "memory": "Memory", "network_mode": "NetworkMode",
        "requires_compatibilities": "RequiresCompatibilities", "execution_role_arn": "ExecutionRoleArn",
        "task_role_arn": "TaskRoleArn", "container_definitions": To("ContainerDefinitions", DOC), **TAGS,
    }),
    "aws_ecr_repository": TypeMap("AWS::ECR::Repository", {
        "name": "RepositoryName", "image_tag_mutability": "ImageTagMutability",
        "image_scanning_configuration.scan_on_push": "ImageScanningConfiguration.ScanOnPush",
        "encryption_configuration.encryption_type": "EncryptionConfiguration.EncryptionType",
        "encryption_configuration.kms_key": "EncryptionConfiguration.KmsKey", **TAGS,
    }),
    "aws_eks_cluster": TypeMap("AWS::EKS::Cluster", {
        "name": "Name", "version": "Version", "role_arn": "RoleArn",
        "vpc_config.subnet_ids": "ResourcesVpcConfig.SubnetIds",
        "vpc_config.security_group_ids": "ResourcesVpcConfig.SecurityGroupIds",
        "vpc_config.endpoint_public_access": "ResourcesVpcConfig.EndpointPublicAccess",
        "vpc_config.endpoint_private_access": "ResourcesVpcConfig.EndpointPrivateAccess",
        "vpc_config.public_access_cidrs": "ResourcesVpcConfig.PublicAccessCidrs",
        "enabled_cluster_log_types": To("Logging.ClusterLogging.EnabledTypes", typed_items),
        "encryption_config": Each("EncryptionConfig", {"provider.key_arn": "Provider.KeyArn", "resources": "Resources"}),
        **TAGS,
    }),
    "aws_eks_node_group": TypeMap("AWS::EKS::Nodegroup", {
        "node_group_name": "NodegroupName", "cluster_name": "ClusterName", "node_role_arn": "NodeRole",
        "subnet_ids": "Subnets", "instance_types": "InstanceTypes", "capacity_type": "CapacityType", "ami_type": "AmiType",
        "disk_size": "DiskSize", "scaling_config.min_size": "ScalingConfig.MinSize",
        "scaling_config.max_size": "ScalingConfig.MaxSize", "scaling_config.desired_size": "ScalingConfig.DesiredSize", **TAGS,
    }),
    "aws_eks_addon": TypeMap("AWS::EKS::Addon", {"addon_name": "AddonName", "cluster_name": "ClusterName", "addon_version": "AddonVersion"}),
    "aws_sfn_state_machine": TypeMap("AWS::StepFunctions::StateMachine", {
        "name": "StateMachineName", "role_arn": "RoleArn", "definition": "DefinitionString", "type": "StateMachineType",
        "tracing_configuration.enabled": "TracingConfiguration.Enabled",
        "logging_configuration.level": "LoggingConfiguration.Level",
        "logging_configuration.include_execution_data": "LoggingConfiguration.IncludeExecutionData", **TAGS,
    }),
    # storage and databases
    "aws_s3_bucket": TypeMap("AWS::S3::Bucket", {
        "bucket": "BucketName", "object_lock_enabled": "ObjectLockEnabled",
        # inline settings of AWS provider v3 (separate resources since v4, see split_resources.py)
        "versioning.enabled": To("VersioningConfiguration.Status", enabled_status),
        "server_side_encryption_configuration.rule": Each("BucketEncryption.ServerSideEncryptionConfiguration", SSE_RULE),
        "logging.target_bucket": "LoggingConfiguration.DestinationBucketName",
        "logging.target_prefix": "LoggingConfiguration.LogFilePrefix",
        "lifecycle_rule": Each("LifecycleConfiguration.Rules", {**LIFECYCLE_RULE, "enabled": To("Status", rule_status),
                                                                "expiration.days": "ExpirationInDays"}),
        "acl": "AccessControl", **TAGS,
    }),
    "aws_s3_bucket_policy": TypeMap("AWS::S3::BucketPolicy", {"bucket": "Bucket", "policy": To("PolicyDocument", DOC)}),
    "aws_dynamodb_table": TypeMap("AWS::DynamoDB::Table", {
        "name": "TableName", "billing_mode": "BillingMode",
        "hash_key": Item("KeySchema", "AttributeName", KEY_HASH), "range_key": Item("KeySchema", "AttributeName", KEY_RANGE),
        "attribute": Each("AttributeDefinitions", {"name": "AttributeName", "type": "AttributeType"}),
        "read_capacity": "ProvisionedThroughput.ReadCapacityUnits", "write_capacity": "ProvisionedThroughput.WriteCapacityUnits",
        "stream_view_type": "StreamSpecification.StreamViewType",
        "point_in_time_recovery.enabled": "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        "server_side_encryption.enabled": "SSESpecification.SSEEnabled",
        "server_side_encryption.kms_key_arn": "SSESpecification.KMSMasterKeyId",
        "deletion_protection_enabled": "DeletionProtectionEnabled", "table_class": "TableClass",
        "ttl.attribute_name": "TimeToLiveSpecification.AttributeName", "ttl.enabled": "TimeToLiveSpecification.Enabled",
        "global_secondary_index": Each("GlobalSecondaryIndexes", {
            "name": "IndexName", "hash_key": Item("KeySchema", "AttributeName", KEY_HASH),
            "range_key": Item("KeySchema", "AttributeName", KEY_RANGE), "projection_type": "Projection.ProjectionType",
            "non_key_attributes": "Projection.NonKeyAttributes", "read_capacity": "ProvisionedThroughput.ReadCapacityUnits",
            "write_capacity": "ProvisionedThroughput.WriteCapacityUnits",
        }),
        "local_secondary_index": Each("LocalSecondaryIndexes", {
            "name": "IndexName", "range_key": Item("KeySchema", "AttributeName", KEY_RANGE),
            "projection_type": "Projection.ProjectionType", "non_key_attributes": "Projection.NonKeyAttributes",
        }),
        **TAGS,
    }),
    "aws_db_instance": TypeMap("AWS::RDS::DBInstance", DB_INSTANCE),
    "aws_rds_cluster_instance": TypeMap("AWS::RDS::DBInstance", DB_INSTANCE),
    "aws_rds_cluster": TypeMap("AWS::RDS::DBCluster", {
        "cluster_identifier": "DBClusterIdentifier", "engine": "Engine", "engine_version": "EngineVersion",
        "engine_mode": "EngineMode", "database_name": "DatabaseName", "master_username": "MasterUsername",
        "master_password": "MasterUserPassword", "manage_master_user_password": "ManageMasterUserPassword",
        "storage_encrypted": "StorageEncrypted", "kms_key_id": "KmsKeyId", "backup_retention_period": "BackupRetentionPeriod",
        "preferred_backup_window": "PreferredBackupWindow", "deletion_protection": "DeletionProtection",
        "db_subnet_group_name": "DBSubnetGroupName", "vpc_security_group_ids": "VpcSecurityGroupIds", "port": "Port",
        "iam_database_authentication_enabled": "EnableIAMDatabaseAuthentication",
        "enabled_cloudwatch_logs_exports": "EnableCloudwatchLogsExports", "copy_tags_to_snapshot": "CopyTagsToSnapshot",
        "serverlessv2_scaling_configuration.min_capacity": "ServerlessV2ScalingConfiguration.MinCapacity",
        "serverlessv2_scaling_configuration.max_capacity": "ServerlessV2ScalingConfiguration.MaxCapacity", **TAGS,
    }),
    "aws_db_subnet_group": TypeMap("AWS::RDS::DBSubnetGroup", {"name": "DBSubnetGroupName", "subnet_ids": "SubnetIds", "description": "DBSubnetGroupDescription", **TAGS}),
    "aws_db_parameter_group": TypeMap("AWS::RDS::DBParameterGroup", {"name": "DBParameterGroupName", "family": "Family", "description": "Description", **TAGS}),
    "aws_rds_cluster_parameter_group": TypeMap("AWS::RDS::DBClusterParameterGroup", {"name": "DBClusterParameterGroupName", "family": "Family", **TAGS}),
    "aws_elasticache_replication_group": TypeMap("AWS::ElastiCache::ReplicationGroup", {
        "replication_group_id": "ReplicationGroupId", "description": "ReplicationGroupDescription", "node_type": "CacheNodeType",
        "engine": "Engine", "engine_version": "EngineVersion", "num_cache_clusters": "NumCacheClusters",
        "automatic_failover_enabled": "AutomaticFailoverEnabled", "multi_az_enabled": "MultiAZEnabled",
        "at_rest_encryption_enabled": "AtRestEncryptionEnabled", "transit_encryption_enabled": "TransitEncryptionEnabled",
        "kms_key_id": "KmsKeyId", "snapshot_retention_limit": "SnapshotRetentionLimit", "port": "Port",
        "subnet_group_name": "CacheSubnetGroupName", "security_group_ids": "SecurityGroupIds", **TAGS,
    }),
    "aws_elasticache_cluster": TypeMap("AWS::ElastiCache::CacheCluster", {
        "cluster_id": "ClusterName", "engine": "Engine", "node_type": "CacheNodeType", "num_cache_nodes": "NumCacheNodes",
        "engine_version": "EngineVersion", "snapshot_retention_limit": "SnapshotRetentionLimit", **TAGS,
    }),
    "aws_elasticache_subnet_group": TypeMap("AWS::ElastiCache::SubnetGroup", {"name": "CacheSubnetGroupName", "subnet_ids": "SubnetIds"}),
    "aws_efs_file_system": TypeMap("AWS::EFS::FileSystem", {
        "encrypted": "Encrypted", "kms_key_id": "KmsKeyId", "performance_mode": "PerformanceMode",
        "throughput_mode": "ThroughputMode", "provisioned_throughput_in_mibps": "ProvisionedThroughputInMibps",
        "lifecycle_policy": Each("LifecyclePolicies", {"transition_to_ia": "TransitionToIA"}), **TAGS,
    }),
    "aws_efs_mount_target": TypeMap("AWS::EFS::MountTarget", {"file_system_id": "FileSystemId", "subnet_id": "SubnetId", "security_groups": "SecurityGroups"}),
    "aws_kinesis_stream": TypeMap("AWS::Kinesis::Stream", {
        "name": "Name", "shard_count": "ShardCount", "retention_period": "RetentionPeriodHours",
        "encryption_type": "StreamEncryption.EncryptionType", "kms_key_id": "StreamEncryption.KeyId",
        "stream_mode_details.stream_mode": "StreamModeDetails.StreamMode", **TAGS,
    }),
    "aws_kinesis_firehose_delivery_stream": TypeMap("AWS::KinesisFirehose::DeliveryStream", {"name": "DeliveryStreamName", **TAGS}),
    "aws_glue_catalog_database": TypeMap("AWS::Glue::Database", {"name": "DatabaseInput.Name", "description": "DatabaseInput.Description"}),
    "aws_glue_catalog_table": TypeMap("AWS::Glue::Table", {"name": "TableInput.Name", "database_name": "DatabaseName", "table_type": "TableInput.TableType"}),
    "aws_glue_crawler": TypeMap("AWS::Glue::Crawler", {
        "name": "Name", "role": "Role", "database_name": "DatabaseName", "schedule": "Schedule.ScheduleExpression",
        "table_prefix": "TablePrefix", "s3_target": Each("Targets.S3Targets", {"path": "Path", "exclusions": "Exclusions"}), **TAGS,
    }),
    "aws_glue_job": TypeMap("AWS::Glue::Job", {
        "name": "Name", "role_arn": "Role", "glue_version": "GlueVersion", "worker_type": "WorkerType",
        "number_of_workers": "NumberOfWorkers", "timeout": "Timeout", "max_retries": "MaxRetries",
        "command.script_location": "Command.ScriptLocation", "command.name": "Command.Name",
        "command.python_version": "Command.PythonVersion", "default_arguments": "DefaultArguments",
        "security_configuration": "SecurityConfiguration", **TAGS,
    }),
    "aws_glue_security_configuration": TypeMap("AWS::Glue::SecurityConfiguration", {"name": "Name"}),
    "aws_athena_workgroup": TypeMap("AWS::Athena::WorkGroup", {
        "name": "Name", "state": "State", "description": "Description",
        "configuration.enforce_workgroup_configuration": "WorkGroupConfiguration.EnforceWorkGroupConfiguration",
        "configuration.result_configuration.output_location": "WorkGroupConfiguration.ResultConfiguration.OutputLocation",
        "configuration.result_configuration.encryption_configuration.encryption_option":
            "WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.EncryptionOption", **TAGS,
    }),
    "aws_redshift_cluster": TypeMap("AWS::Redshift::Cluster", {
        "cluster_identifier": "ClusterIdentifier", "node_type": "NodeType", "number_of_nodes": "NumberOfNodes",
        "encrypted": "Encrypted", "kms_key_id": "KmsKeyId", "database_name": "DBName", "publicly_accessible": "PubliclyAccessible", **TAGS,
    }),
    "aws_msk_cluster": TypeMap("AWS::MSK::Cluster", {"cluster_name": "ClusterName", "kafka_version": "KafkaVersion", "number_of_broker_nodes": "NumberOfBrokerNodes", **TAGS}),
    "aws_backup_vault": TypeMap("AWS::Backup::BackupVault", {"name": "BackupVaultName", "kms_key_arn": "EncryptionKeyArn", **TAGS}),
    "aws_backup_plan": TypeMap("AWS::Backup::BackupPlan", {
        "name": "BackupPlan.BackupPlanName",
        "rule": Each("BackupPlan.BackupPlanRule", {"rule_name": "RuleName", "target_vault_name": "TargetBackupVault",
                                                   "schedule": "ScheduleExpression", "lifecycle.delete_after": "Lifecycle.DeleteAfterDays",
                                                   "lifecycle.cold_storage_after": "Lifecycle.MoveToColdStorageAfterDays"}),
    }),
    # messaging and events
    "aws_sqs_queue": TypeMap("AWS::SQS::Queue", {
        "name": "QueueName", "visibility_timeout_seconds": "VisibilityTimeout", "message_retention_seconds": "MessageRetentionPeriod",
        "delay_seconds": "DelaySeconds", "max_message_size": "MaximumMessageSize", "receive_wait_time_seconds": "ReceiveMessageWaitTimeSeconds",
        "fifo_queue": "FifoQueue", "content_based_deduplication": "ContentBasedDeduplication", "kms_master_key_id": "KmsMasterKeyId",
        "kms_data_key_reuse_period_seconds": "KmsDataKeyReusePeriodSeconds", "sqs_managed_sse_enabled": "SqsManagedSseEnabled",
        "redrive_policy": To("RedrivePolicy", DOC), "redrive_allow_policy": To("RedriveAllowPolicy", DOC), **TAGS,
    }),
    "aws_sqs_queue_policy": TypeMap("AWS::SQS::QueuePolicy", {"queue_url": Item("Queues"), "policy": To("PolicyDocument", DOC)}),
    "aws_sns_topic": TypeMap("AWS::SNS::Topic", {
        "name": "TopicName", "display_name": "DisplayName", "kms_master_key_id": "KmsMasterKeyId", "fifo_topic": "FifoTopic",
        "content_based_deduplication": "ContentBasedDeduplication", **TAGS,
    }),
    "aws_sns_topic_subscription": TypeMap("AWS::SNS::Subscription", {
        "topic_arn": "TopicArn", "protocol": "Protocol", "endpoint": "Endpoint", "filter_policy": To("FilterPolicy", DOC),
        "raw_message_delivery": "RawMessageDelivery", "redrive_policy": To("RedrivePolicy", DOC),
    }),
    "aws_sns_topic_policy": TypeMap("AWS::SNS::TopicPolicy", {"arn": Item("Topics"), "policy": To("PolicyDocument", DOC)}),
    "aws_cloudwatch_event_rule": TypeMap("AWS::Events::Rule", {
        "name": "Name", "description": "Description", "schedule_expression": "ScheduleExpression",
        "event_pattern": To("EventPattern", DOC), "event_bus_name": "EventBusName", "state": "State",
        "is_enabled": To("State", upper_state), "role_arn": "RoleArn", **TAGS,
    }),
    "aws_cloudwatch_event_bus": TypeMap("AWS::Events::EventBus", {"name": "Name", **TAGS}),
    "aws_pipes_pipe": TypeMap("AWS::Pipes::Pipe", {"name": "Name", "source": "Source", "target": "Target", "role_arn": "RoleArn"}),
    # monitoring and logging
    "aws_cloudwatch_log_group": TypeMap("AWS::Logs::LogGroup", {
        "name": "LogGroupName", "retention_in_days": To("RetentionInDays", zero_is_unset), "kms_key_id": "KmsKeyId",
        "log_group_class": "LogGroupClass", **TAGS,
    }),
    "aws_cloudwatch_log_metric_filter": TypeMap("AWS::Logs::MetricFilter", {
        "name": "FilterName", "pattern": "FilterPattern", "log_group_name": "LogGroupName",
        "metric_transformation": Each("MetricTransformations", {"name": "MetricName", "namespace": "MetricNamespace", "value": "MetricValue"}),
    }),
    "aws_cloudwatch_log_subscription_filter": TypeMap("AWS::Logs::SubscriptionFilter", {
        "name": "FilterName", "filter_pattern": "FilterPattern", "log_group_name": "LogGroupName", "destination_arn": "DestinationArn",
    }),
    "aws_cloudwatch_metric_alarm": TypeMap("AWS::CloudWatch::Alarm", {
        "alarm_name": "AlarmName", "alarm_description": "AlarmDescription", "comparison_operator": "ComparisonOperator",
        "evaluation_periods": "EvaluationPeriods", "metric_name": "MetricName", "namespace": "Namespace", "period": "Period",
        "statistic": "Statistic", "extended_statistic": "ExtendedStatistic", "threshold": "Threshold", "unit": "Unit",
        "alarm_actions": "AlarmActions", "ok_actions": "OKActions", "insufficient_data_actions": "InsufficientDataActions",
        "dimensions": To("Dimensions", name_value), "treat_missing_data": "TreatMissingData",
        "datapoints_to_alarm": "DatapointsToAlarm", "actions_enabled": "ActionsEnabled",
        "metric_query": Each("Metrics", {
            "id": "Id", "expression": "Expression", "label": "Label", "return_data": "ReturnData",
            "metric.metric_name": "MetricStat.Metric.MetricName", "metric.namespace": "MetricStat.Metric.Namespace",
            "metric.dimensions": To("MetricStat.Metric.Dimensions", name_value), "metric.period": "MetricStat.Period",
            "metric.stat": "MetricStat.Stat",
        }),
        **TAGS,
    }),
    "aws_cloudwatch_composite_alarm": TypeMap("AWS::CloudWatch::CompositeAlarm", {"alarm_name": "AlarmName", "alarm_rule": "AlarmRule", "alarm_actions": "AlarmActions", **TAGS}),
    "aws_cloudwatch_dashboard": TypeMap("AWS::CloudWatch::Dashboard", {"dashboard_name": "DashboardName", "dashboard_body": "DashboardBody"}),
    "aws_cloudtrail": TypeMap("AWS::CloudTrail::Trail", {
        "name": "TrailName", "s3_bucket_name": "S3BucketName", "s3_key_prefix": "S3KeyPrefix",
        "include_global_service_events": "IncludeGlobalServiceEvents", "is_multi_region_trail": "IsMultiRegionTrail",
        "enable_log_file_validation": "EnableLogFileValidation", "kms_key_id": "KMSKeyId",
        "cloud_watch_logs_group_arn": "CloudWatchLogsLogGroupArn", "cloud_watch_logs_role_arn": "CloudWatchLogsRoleArn",
        "enable_logging": "IsLogging", "is_organization_trail": "IsOrganizationTrail", "sns_topic_name": "SnsTopicName",
        "event_selector": Each("EventSelectors", {
            "read_write_type": "ReadWriteType", "include_management_events": "IncludeManagementEvents",
            "data_resource": Each("DataResources", {"type": "Type", "values": "Values"}),
        }),
        **TAGS,
    }),
    "aws_config_config_rule": TypeMap("AWS::Config::ConfigRule", {
        "name": "ConfigRuleName", "description": "Description", "source.owner": "Source.Owner",
        "source.source_identifier": "Source.SourceIdentifier", "input_parameters": To("InputParameters", DOC),
        "maximum_execution_frequency": "MaximumExecutionFrequency",
        "scope.compliance_resource_types": "Scope.ComplianceResourceTypes",
    }),
    "aws_config_configuration_recorder": TypeMap("AWS::Config::ConfigurationRecorder", {
        "name": "Name", "role_arn": "RoleARN", "recording_group.all_supported": "RecordingGroup.AllSupported",
        "recording_group.include_global_resource_types": "RecordingGroup.IncludeGlobalResourceTypes",
    }),
    "aws_config_delivery_channel": TypeMap("AWS::Config::DeliveryChannel", {
        "name": "Name", "s3_bucket_name": "S3BucketName", "s3_key_prefix": "S3KeyPrefix", "sns_topic_arn": "SnsTopicARN",
    }),
    "aws_config_conformance_pack": TypeMap("AWS::Config::ConformancePack", {"name": "ConformancePackName"}),
    "aws_guardduty_detector": TypeMap("AWS::GuardDuty::Detector", {"enable": "Enable", "finding_publishing_frequency": "FindingPublishingFrequency", **TAGS}),
    "aws_securityhub_account": TypeMap("AWS::SecurityHub::Hub"),
    # networking
    "aws_vpc": TypeMap("AWS::EC2::VPC", {
        "cidr_block": "CidrBlock", "enable_dns_hostnames": "EnableDnsHostnames", "enable_dns_support": "EnableDnsSupport",
        "instance_tenancy": "InstanceTenancy", **TAGS,
    }),
    "aws_subnet": TypeMap("AWS::EC2::Subnet", {
        "vpc_id": "VpcId", "cidr_block": "CidrBlock", "availability_zone": "AvailabilityZone",
        "availability_zone_id": "AvailabilityZoneId", "map_public_ip_on_launch": "MapPublicIpOnLaunch",
        "ipv6_cidr_block": "Ipv6CidrBlock", **TAGS,
    }),
    "aws_internet_gateway": TypeMap("AWS::EC2::InternetGateway", TAGS),
    "aws_egress_only_internet_gateway": TypeMap("AWS::EC2::EgressOnlyInternetGateway", {"vpc_id": "VpcId"}),
    "aws_nat_gateway": TypeMap("AWS::EC2::NatGateway", {"allocation_id": "AllocationId", "subnet_id": "SubnetId", "connectivity_type": "ConnectivityType", **TAGS}),
    "aws_eip": TypeMap("AWS::EC2::EIP", {"domain": "Domain", "instance": "InstanceId", **TAGS}),
    "aws_route_table": TypeMap("AWS::EC2::RouteTable", {"vpc_id": "VpcId", **TAGS}),
    "aws_route": TypeMap("AWS::EC2::Route", {
        "route_table_id": "RouteTableId", "destination_cidr_block": "DestinationCidrBlock", "gateway_id": "GatewayId",
        "nat_gateway_id": "NatGatewayId", "transit_gateway_id": "TransitGatewayId", "vpc_endpoint_id": "VpcEndpointId",
    }),
    "aws_route_table_association": TypeMap("AWS::EC2::SubnetRouteTableAssociation", {"subnet_id": "SubnetId", "route_table_id": "RouteTableId"}),
    "aws_security_group": TypeMap("AWS::EC2::SecurityGroup", {
        "name": "GroupName", "description": "GroupDescription", "vpc_id": "VpcId",
        "ingress": Each("SecurityGroupIngress", SG_RULE, SG_EXPLODE),
        "egress": Each("SecurityGroupEgress", SG_RULE, SG_EGRESS_EXPLODE), **TAGS,
    }),
    "aws_network_acl": TypeMap("AWS::EC2::NetworkAcl", {"vpc_id": "VpcId", **TAGS}),
    "aws_network_acl_rule": TypeMap("AWS::EC2::NetworkAclEntry", {
        "network_acl_id": "NetworkAclId", "rule_number": "RuleNumber", "egress": "Egress", "protocol": "Protocol",
        "rule_action": "RuleAction", "cidr_block": "CidrBlock", "from_port": "PortRange.From", "to_port": "PortRange.To",
    }),
    "aws_vpc_endpoint": TypeMap("AWS::EC2::VPCEndpoint", {
        "vpc_id": "VpcId", "service_name": "ServiceName", "vpc_endpoint_type": "VpcEndpointType",
        "route_table_ids": "RouteTableIds", "subnet_ids": "SubnetIds", "security_group_ids": "SecurityGroupIds",
        "private_dns_enabled": "PrivateDnsEnabled", "policy": To("PolicyDocument", DOC),
    }),
    "aws_flow_log": TypeMap("AWS::EC2::FlowLog", {
        "vpc_id": "ResourceId", "subnet_id": "ResourceId", "eni_id": "ResourceId", "traffic_type": "TrafficType",
        "log_destination": "LogDestination", "log_destination_type": "LogDestinationType",
        "iam_role_arn": "DeliverLogsPermissionArn", "log_group_name": "LogGroupName",
        "max_aggregation_interval": "MaxAggregationInterval", **TAGS,
    }),
    "aws_vpc_peering_connection": TypeMap("AWS::EC2::VPCPeeringConnection", {"vpc_id": "VpcId", "peer_vpc_id": "PeerVpcId", **TAGS}),
    "aws_ec2_transit_gateway": TypeMap("AWS::EC2::TransitGateway", {"description": "Description", **TAGS}),
    "aws_lb": TypeMap("AWS::ElasticLoadBalancingV2::LoadBalancer", LB),
    "aws_alb": TypeMap("AWS::ElasticLoadBalancingV2::LoadBalancer", LB),
    "aws_elb": TypeMap("AWS::ElasticLoadBalancing::LoadBalancer", {"name": "LoadBalancerName", "subnets": "Subnets", "security_groups": "SecurityGroups"}),
    "aws_lb_listener": TypeMap("AWS::ElasticLoadBalancingV2::Listener", LISTENER),
    "aws_alb_listener": TypeMap("AWS::ElasticLoadBalancingV2::Listener", LISTENER),
    "aws_lb_target_group": TypeMap("AWS::ElasticLoadBalancingV2::TargetGroup", TARGET_GROUP),
    "aws_alb_target_group": TypeMap("AWS::ElasticLoadBalancingV2::TargetGroup", TARGET_GROUP),
    "aws_lb_listener_rule": TypeMap("AWS::ElasticLoadBalancingV2::ListenerRule", {"listener_arn": "ListenerArn", "priority": "Priority"}),
    "aws_acm_certificate": TypeMap("AWS::CertificateManager::Certificate", {
        "domain_name": "DomainName", "validation_method": "ValidationMethod", "subject_alternative_names": "SubjectAlternativeNames", **TAGS,
    }),
    "aws_route53_zone": TypeMap("AWS::Route53::HostedZone", {"name": "Name", "comment": "HostedZoneConfig.Comment", **TAGS}),
    "aws_route53_record": TypeMap("AWS::Route53::RecordSet", {
        "name": "Name", "type": "Type", "ttl": "TTL", "records": "ResourceRecords", "zone_id": "HostedZoneId",
        "alias.name": "AliasTarget.DNSName", "alias.zone_id": "AliasTarget.HostedZoneId",
        "alias.evaluate_target_health": "AliasTarget.EvaluateTargetHealth",
    }),
    "aws_cloudfront_distribution": TypeMap("AWS::CloudFront::Distribution", {
        "enabled": "DistributionConfig.Enabled", "aliases": "DistributionConfig.Aliases", "comment": "DistributionConfig.Comment",
        "price_class": "DistributionConfig.PriceClass", "web_acl_id": "DistributionConfig.WebACLId",
        "default_root_object": "DistributionConfig.DefaultRootObject", "http_version": "DistributionConfig.HttpVersion",
        "is_ipv6_enabled": "DistributionConfig.IPV6Enabled",
        "default_cache_behavior.viewer_protocol_policy": "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
        "default_cache_behavior.target_origin_id": "DistributionConfig.DefaultCacheBehavior.TargetOriginId",
        "viewer_certificate.minimum_protocol_version": "DistributionConfig.ViewerCertificate.MinimumProtocolVersion",
        "viewer_certificate.acm_certificate_arn": "DistributionConfig.ViewerCertificate.AcmCertificateArn",
        "origin": Each("DistributionConfig.Origins", {"domain_name": "DomainName", "origin_id": "Id"}), **TAGS,
    }),
    "aws_cloudfront_origin_access_identity": TypeMap("AWS::CloudFront::CloudFrontOriginAccessIdentity", {"comment": "CloudFrontOriginAccessIdentityConfig.Comment"}),
    "aws_cloudfront_origin_access_control": TypeMap("AWS::CloudFront::OriginAccessControl", {"name": "OriginAccessControlConfig.Name"}),
    # API Gateway
    "aws_api_gateway_rest_api": TypeMap("AWS::ApiGateway::RestApi", {
        "name": "Name", "description": "Description", "endpoint_configuration.types": "EndpointConfiguration.Types",
        "policy": To("Policy", DOC), "api_key_source": "ApiKeySourceType", "binary_media_types": "BinaryMediaTypes",
        "disable_execute_api_endpoint": "DisableExecuteApiEndpoint", **TAGS,
    }),
    "aws_api_gateway_stage": TypeMap("AWS::ApiGateway::Stage", {
        "stage_name": "StageName", "rest_api_id": "RestApiId", "deployment_id": "DeploymentId", "description": "Description",
        "xray_tracing_enabled": "TracingEnabled", "cache_cluster_enabled": "CacheClusterEnabled",
        "cache_cluster_size": "CacheClusterSize", "variables": "Variables",
        "access_log_settings.destination_arn": "AccessLogSetting.DestinationArn", "access_log_settings.format": "AccessLogSetting.Format",
        **TAGS,
    }),
    "aws_api_gateway_deployment": TypeMap("AWS::ApiGateway::Deployment", {"rest_api_id": "RestApiId", "description": "Description", "stage_name": "StageName"}),
    "aws_api_gateway_resource": TypeMap("AWS::ApiGateway::Resource", {"rest_api_id": "RestApiId", "parent_id": "ParentId", "path_part": "PathPart"}),
    "aws_api_gateway_method": TypeMap("AWS::ApiGateway::Method", {
        "rest_api_id": "RestApiId", "resource_id": "ResourceId", "http_method": "HttpMethod", "authorization": "AuthorizationType",
        "authorizer_id": "AuthorizerId", "api_key_required": "ApiKeyRequired", "request_validator_id": "RequestValidatorId",
    }),
    "aws_api_gateway_authorizer": TypeMap("AWS::ApiGateway::Authorizer", {
        "name": "Name", "type": "Type", "rest_api_id": "RestApiId", "provider_arns": "ProviderARNs", "authorizer_uri": "AuthorizerUri",
        "identity_source": "IdentitySource", "authorizer_result_ttl_in_seconds": "AuthorizerResultTtlInSeconds",
    }),
    "aws_api_gateway_usage_plan": TypeMap("AWS::ApiGateway::UsagePlan", {
        "name": "UsagePlanName", "description": "Description",
        "throttle_settings.rate_limit": "Throttle.RateLimit", "throttle_settings.burst_limit": "Throttle.BurstLimit",
        "quota_settings.limit": "Quota.Limit", "quota_settings.period": "Quota.Period", "quota_settings.offset": "Quota.Offset",
        "api_stages": Each("ApiStages", {"api_id": "ApiId", "stage": "Stage"}), **TAGS,
    }),
    "aws_api_gateway_api_key": TypeMap("AWS::ApiGateway::ApiKey", {"name": "Name", "enabled": "Enabled", **TAGS}),
    "aws_api_gateway_usage_plan_key": TypeMap("AWS::ApiGateway::UsagePlanKey", {"key_id": "KeyId", "key_type": "KeyType", "usage_plan_id": "UsagePlanId"}),
    "aws_api_gateway_request_validator": TypeMap("AWS::ApiGateway::RequestValidator", {
        "name": "Name", "rest_api_id": "RestApiId", "validate_request_body": "ValidateRequestBody",
        "validate_request_parameters": "ValidateRequestParameters",
    }),
    "aws_api_gateway_domain_name": TypeMap("AWS::ApiGateway::DomainName", {"domain_name": "DomainName", "security_policy": "SecurityPolicy"}),
    "aws_apigatewayv2_api": TypeMap("AWS::ApiGatewayV2::Api", {
        "name": "Name", "protocol_type": "ProtocolType", "description": "Description",
        "cors_configuration.allow_origins": "CorsConfiguration.AllowOrigins",
        "cors_configuration.allow_methods": "CorsConfiguration.AllowMethods",
        "cors_configuration.allow_headers": "CorsConfiguration.AllowHeaders", **TAGS,
    }),
    "aws_apigatewayv2_stage": TypeMap("AWS::ApiGatewayV2::Stage", {
        "name": "StageName", "api_id": "ApiId", "auto_deploy": "AutoDeploy",
        "default_route_settings.throttling_rate_limit": "DefaultRouteSettings.ThrottlingRateLimit",
        "default_route_settings.throttling_burst_limit": "DefaultRouteSettings.ThrottlingBurstLimit",
        "default_route_settings.detailed_metrics_enabled": "DefaultRouteSettings.DetailedMetricsEnabled",
        "access_log_settings.destination_arn": "AccessLogSettings.DestinationArn",
        "access_log_settings.format": "AccessLogSettings.Format", **TAGS,
    }),
    "aws_apigatewayv2_integration": TypeMap("AWS::ApiGatewayV2::Integration", {
        "api_id": "ApiId", "integration_type": "IntegrationType", "integration_uri": "IntegrationUri",
        "integration_method": "IntegrationMethod", "payload_format_version": "PayloadFormatVersion",
    }),
    "aws_apigatewayv2_route": TypeMap("AWS::ApiGatewayV2::Route", {
        "api_id": "ApiId", "route_key": "RouteKey", "target": "Target", "authorization_type": "AuthorizationType",
        "authorizer_id": "AuthorizerId",
    }),
    "aws_apigatewayv2_authorizer": TypeMap("AWS::ApiGatewayV2::Authorizer", {"api_id": "ApiId", "authorizer_type": "AuthorizerType", "name": "Name"}),
    # security and identity
    "aws_kms_key": TypeMap("AWS::KMS::Key", {
        "description": "Description", "enable_key_rotation": "EnableKeyRotation", "deletion_window_in_days": "PendingWindowInDays",
        "key_usage": "KeyUsage", "customer_master_key_spec": "KeySpec", "policy": To("KeyPolicy", DOC),
        "multi_region": "MultiRegion", "is_enabled": "Enabled", "rotation_period_in_days": "RotationPeriodInDays", **TAGS,
    }),
    "aws_kms_alias": TypeMap("AWS::KMS::Alias", {"name": "AliasName", "target_key_id": "TargetKeyId"}),
    "aws_iam_role": TypeMap("AWS::IAM::Role", {
        "name": "RoleName", "assume_role_policy": To("AssumeRolePolicyDocument", DOC), "managed_policy_arns": "ManagedPolicyArns",
        "inline_policy": Each("Policies", INLINE_POLICY), "path": "Path", "description": "Description",
        "max_session_duration": "MaxSessionDuration", "permissions_boundary": "PermissionsBoundary", **TAGS,
    }),
    "aws_iam_policy": TypeMap("AWS::IAM::ManagedPolicy", {
        "name": "ManagedPolicyName", "policy": To("PolicyDocument", DOC), "description": "Description", "path": "Path",
    }),
    "aws_iam_user": TypeMap("AWS::IAM::User", {"name": "UserName", "path": "Path", "permissions_boundary": "PermissionsBoundary", **TAGS}),
    "aws_iam_group": TypeMap("AWS::IAM::Group", {"name": "GroupName", "path": "Path"}),
    "aws_iam_instance_profile": TypeMap("AWS::IAM::InstanceProfile", {"name": "InstanceProfileName", "role": Item("Roles"), "path": "Path"}),
    "aws_iam_openid_connect_provider": TypeMap("AWS::IAM::OIDCProvider", {"url": "Url", "client_id_list": "ClientIdList", "thumbprint_list": "ThumbprintList", **TAGS}),
    "aws_iam_service_linked_role": TypeMap("AWS::IAM::ServiceLinkedRole", {"aws_service_name": "AWSServiceName", "description": "Description"}),
    "aws_secretsmanager_secret": TypeMap("AWS::SecretsManager::Secret", {
        "name": "Name", "description": "Description", "kms_key_id": "KmsKeyId",
        "replica": Each("ReplicaRegions", {"region": "Region", "kms_key_id": "KmsKeyId"}), **TAGS,
    }),
    "aws_secretsmanager_secret_rotation": TypeMap("AWS::SecretsManager::RotationSchedule", {
        "secret_id": "SecretId", "rotation_lambda_arn": "RotationLambdaARN",
        "rotation_rules.automatically_after_days": "RotationRules.AutomaticallyAfterDays",
        "rotation_rules.schedule_expression": "RotationRules.ScheduleExpression",
    }),
    "aws_ssm_parameter": TypeMap("AWS::SSM::Parameter", {"name": "Name", "type": "Type", "value": "Value", "tier": "Tier", "description": "Description", **TAGS}),
    "aws_cognito_user_pool": TypeMap("AWS::Cognito::UserPool", {"name": "UserPoolName", "mfa_configuration": "MfaConfiguration", **TAGS}),
    "aws_cognito_user_pool_client": TypeMap("AWS::Cognito::UserPoolClient", {"name": "ClientName", "user_pool_id": "UserPoolId", "generate_secret": "GenerateSecret"}),
    "aws_wafv2_web_acl": TypeMap("AWS::WAFv2::WebACL", {
        "name": "Name", "scope": "Scope", "description": "Description", "default_action": To("DefaultAction", capitalized_keys),
        "visibility_config.cloudwatch_metrics_enabled": "VisibilityConfig.CloudWatchMetricsEnabled",
        "visibility_config.metric_name": "VisibilityConfig.MetricName",
        "visibility_config.sampled_requests_enabled": "VisibilityConfig.SampledRequestsEnabled",
        "rule": Each("Rules", {
            "name": "Name", "priority": "Priority", "action": To("Action", capitalized_keys),
            "override_action": To("OverrideAction", capitalized_keys),
            "statement.managed_rule_group_statement.name": "Statement.ManagedRuleGroupStatement.Name",
            "statement.managed_rule_group_statement.vendor_name": "Statement.ManagedRuleGroupStatement.VendorName",
            "statement.rate_based_statement.limit": "Statement.RateBasedStatement.Limit",
            "statement.rate_based_statement.aggregate_key_type": "Statement.RateBasedStatement.AggregateKeyType",
            "statement.geo_match_statement.country_codes": "Statement.GeoMatchStatement.CountryCodes",
            "statement.ip_set_reference_statement.arn": "Statement.IPSetReferenceStatement.Arn",
            "visibility_config.cloudwatch_metrics_enabled": "VisibilityConfig.CloudWatchMetricsEnabled",
            "visibility_config.metric_name": "VisibilityConfig.MetricName",
            "visibility_config.sampled_requests_enabled": "VisibilityConfig.SampledRequestsEnabled",
        }),
        **TAGS,
    }),
    "aws_wafv2_web_acl_association": TypeMap("AWS::WAFv2::WebACLAssociation", {"resource_arn": "ResourceArn", "web_acl_arn": "WebACLArn"}),
    "aws_wafv2_ip_set": TypeMap("AWS::WAFv2::IPSet", {"name": "Name", "scope": "Scope", "addresses": "Addresses", "ip_address_version": "IPAddressVersion"}),
    "aws_waf_web_acl": TypeMap("AWS::WAF::WebACL", {"name": "Name", "metric_name": "MetricName"}),
    "aws_wafregional_web_acl": TypeMap("AWS::WAFRegional::WebACL", {"name": "Name", "metric_name": "MetricName"}),
    # application auto scaling and CI/CD
    "aws_appautoscaling_target": TypeMap("AWS::ApplicationAutoScaling::ScalableTarget", {
        "min_capacity": "MinCapacity", "max_capacity": "MaxCapacity", "resource_id": "ResourceId",
        "scalable_dimension": "ScalableDimension", "service_namespace": "ServiceNamespace",
    }),
    "aws_appautoscaling_policy": TypeMap("AWS::ApplicationAutoScaling::ScalingPolicy", {
        "name": "PolicyName", "policy_type": "PolicyType", "resource_id": "ResourceId",
        "target_tracking_scaling_policy_configuration.target_value": "TargetTrackingScalingPolicyConfiguration.TargetValue",
    }),
    "aws_codebuild_project": TypeMap("AWS::CodeBuild::Project", {"name": "Name", "service_role": "ServiceRole", **TAGS}),
    "aws_codepipeline": TypeMap("AWS::CodePipeline::Pipeline", {"name": "Name", "role_arn": "RoleArn", **TAGS}),
}

# lifecycle setting -> (CloudFormation resource attribute, {native value: attribute value})
LIFECYCLE: dict[str, tuple[str, dict[object, str]]] = {
    "prevent_destroy": ("DeletionPolicy", {True: "Retain"}),
}
