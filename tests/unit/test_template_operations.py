"""The template's operations, read from template.yaml itself (CloudFormation's short tags kept as
``{"Ref": ...}``, ``{"If": [...]}``, ...): alarms to the topic, access logs with the key id and the
request id, reserved concurrency and memory per function, the warmer's failure destination, the
optional WAF and custom domain behind their conditions, compression, the usage plan's limits, API
Gateway's 429 in §1's body, and the outputs the operator tool reads."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT


class _Loader(yaml.SafeLoader):
    """CloudFormation's short tags as one-key mappings: ``!Ref X`` -> ``{"Ref": "X"}``."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}


_Loader.add_multi_constructor("!", _tag)

TEMPLATE: dict[str, Any] = yaml.load((ROOT / "template.yaml").read_text(), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
PARAMETERS: dict[str, Any] = TEMPLATE["Parameters"]
FUNCTIONS = ("ApiFunction", "WebhooksFunction", "WarmerFunction")


def of_type(kind: str) -> dict[str, dict]:
    return {name: r for name, r in RESOURCES.items() if r["Type"] == kind}


def refs(node: Any) -> set[str]:
    """Every logical id or parameter a node refers to (Ref, GetAtt, Sub's ${...})."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value.split(".")[0])
            elif key == "GetAtt":
                found.add((value.split(".") if isinstance(value, str) else value)[0])
            elif key == "Sub":
                text = value if isinstance(value, str) else value[0]
                found |= {part.split("}")[0].split(".")[0] for part in text.split("${")[1:]}
                if not isinstance(value, str):
                    found |= refs(value[1])
            else:
                found |= refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= refs(value)
    return found


def alarm_metrics(alarm: dict) -> set[tuple[str, str]]:
    props = alarm["Properties"]
    if "MetricName" in props:
        return {(props["Namespace"], props["MetricName"])}
    return {
        (m["MetricStat"]["Metric"]["Namespace"], m["MetricStat"]["Metric"]["MetricName"])
        for m in props["Metrics"]
        if "MetricStat" in m
    }


def test_alarms_watch_errors_latency_providers_the_warmer_its_queue_and_throttles():
    alarms = of_type("AWS::CloudWatch::Alarm")
    watched = set().union(*(alarm_metrics(a) for a in alarms.values()))
    assert {
        ("AWS/ApiGateway", "5XXError"),
        ("AWS/ApiGateway", "Latency"),
        ("whofree", "ProviderFailures"),
        ("whofree", "WarmFailures"),
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
        ("whofree", "ApiThrottled"),
        ("AWS/Lambda", "Throttles"),
    } <= watched
    latency = next(a["Properties"] for a in alarms.values() if ("AWS/ApiGateway", "Latency") in alarm_metrics(a))
    assert latency["ExtendedStatistic"] == "p99"
    rate = next(a["Properties"] for a in alarms.values() if ("AWS/ApiGateway", "5XXError") in alarm_metrics(a))
    assert rate["Statistic"] == "Average"  # 5XXError is 0 or 1 per request: its average is the rate
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
        assert alarm["Properties"]["TreatMissingData"] == "notBreaching", name


def test_the_lambda_throttles_alarm_adds_up_every_function():
    (alarm,) = [
        a for a in of_type("AWS::CloudWatch::Alarm").values() if ("AWS/Lambda", "Throttles") in alarm_metrics(a)
    ]
    dimensions = {
        m["MetricStat"]["Metric"]["Dimensions"][0]["Value"]["Ref"]
        for m in alarm["Properties"]["Metrics"]
        if "MetricStat" in m
    }
    assert dimensions == set(FUNCTIONS)


def test_the_dlq_alarm_watches_the_warmer_s_on_failure_queue():
    (alarm,) = [
        a
        for a in of_type("AWS::CloudWatch::Alarm").values()
        if ("AWS/SQS", "ApproximateNumberOfMessagesVisible") in alarm_metrics(a)
    ]
    destination = RESOURCES["WarmerFunction"]["Properties"]["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
    assert destination["Type"] == "SQS"
    queue = destination["Destination"]["GetAtt"]
    assert queue == "WarmerFailureQueue.Arn"
    assert RESOURCES["WarmerFailureQueue"]["Type"] == "AWS::SQS::Queue"
    assert refs(alarm["Properties"]["Dimensions"]) == {"WarmerFailureQueue"}
    # The warmer's own role may send to it (the role is explicit, so SAM adds nothing).
    statements = RESOURCES["WarmerFunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert any(s["Action"] == "sqs:SendMessage" and refs(s["Resource"]) == {"WarmerFailureQueue"} for s in statements)


def test_the_throttle_metric_counts_api_gateway_s_429s_from_the_access_log():
    (metric,) = of_type("AWS::Logs::MetricFilter").values()
    assert metric["Properties"]["FilterPattern"] == '{ $.status = "429" }'
    assert metric["Properties"]["LogGroupName"] == {"Ref": "ApiAccessLogGroup"}
    assert metric["Properties"]["MetricTransformations"][0]["MetricName"] == "ApiThrottled"


def test_the_alarm_email_subscribes_only_when_set():
    (subscription,) = of_type("AWS::SNS::Subscription").values()
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}
    assert PARAMETERS["AlarmEmail"]["Default"] == ""
    assert TEMPLATE["Conditions"]["HasAlarmEmail"] == {"Not": [{"Equals": [{"Ref": "AlarmEmail"}, ""]}]}


def test_the_dashboard_is_json_naming_the_api_the_functions_and_every_alarm():
    (dashboard,) = of_type("AWS::CloudWatch::Dashboard").values()
    text, variables = dashboard["Properties"]["DashboardBody"]["Sub"]
    body = json.loads(text)  # ${...} sit inside JSON strings, so the body parses before substitution
    assert len(body["widgets"]) >= 6
    named = refs({"Sub": [text, variables]})
    assert set(FUNCTIONS) <= named
    assert set(of_type("AWS::CloudWatch::Alarm")) <= named
    assert variables["ApiName"] == RESOURCES["WhofreeApi"]["Properties"]["Name"]


def test_access_logs_are_json_with_the_key_id_and_the_request_id_and_are_kept_for_a_while():
    setting = RESOURCES["WhofreeApi"]["Properties"]["AccessLogSetting"]
    line = json.loads(setting["Format"])
    assert line["apiKeyId"] == "$context.identity.apiKeyId"
    assert line["requestId"] == "$context.requestId"
    assert line["status"] == "$context.status"
    assert setting["DestinationArn"] == {"GetAtt": "ApiAccessLogGroup.Arn"}
    assert RESOURCES["ApiAccessLogGroup"]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    # API Gateway needs the region's CloudWatch role before a stage may log: the API waits for it.
    assert RESOURCES["WhofreeApi"]["DependsOn"] == "ApiGatewayAccount"
    assert "Condition" not in RESOURCES["ApiGatewayAccount"]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_function_has_its_memory_and_reserved_concurrency_as_parameters(function):
    props = RESOURCES[function]["Properties"]
    memory = props["MemorySize"]["Ref"]
    assert PARAMETERS[memory]["Type"] == "Number"
    condition, reserved, none = props["ReservedConcurrentExecutions"]["If"]
    assert reserved == {"Ref": condition.removeprefix("Has")}
    assert none == {"Ref": "AWS::NoValue"}
    assert TEMPLATE["Conditions"][condition] == {"Not": [{"Equals": [reserved, "-1"]}]}


def test_the_webhook_function_does_not_get_a_gigabyte():
    assert PARAMETERS["WebhooksMemorySize"]["Default"] <= 512
    assert PARAMETERS["WarmerReservedConcurrency"]["Default"] == 1  # two runs never overlap


def test_waf_is_optional_with_managed_rules_and_a_rate_rule_on_the_public_routes():
    assert PARAMETERS["WafEnabled"]["Default"] == "false"
    acl, association = RESOURCES["WebAcl"], RESOURCES["WebAclAssociation"]
    assert acl["Condition"] == association["Condition"] == "UseWaf"
    rules = {rule["Name"]: rule for rule in acl["Properties"]["Rules"]}
    managed = {
        r["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for r in rules.values()
        if "ManagedRuleGroupStatement" in r["Statement"]
    }
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= managed
    rate = rules["RateLimitUnauthenticated"]["Statement"]["RateBasedStatement"]
    assert rate["Limit"] == {"Ref": "WafRateLimit"}
    scoped = {s["ByteMatchStatement"]["SearchString"] for s in rate["ScopeDownStatement"]["OrStatement"]["Statements"]}
    assert {"/v1/webhooks/", "/v1/notifications/", "/v1/docs", "/v1/ui"} <= scoped
    assert refs(association["Properties"]["ResourceArn"]) >= {"WhofreeApi"}


def test_the_custom_domain_and_its_certificate_are_optional():
    assert PARAMETERS["DomainName"]["Default"] == PARAMETERS["CertificateArn"]["Default"] == ""
    for name in ("ApiDomain", "ApiBasePathMapping"):
        assert RESOURCES[name]["Condition"] == "HasDomain"
    assert RESOURCES["ApiCertificate"]["Condition"] == "CreateCertificate"
    assert RESOURCES["ApiDomainRecord"]["Condition"] == "HasDomainRecord"
    mapping = RESOURCES["ApiBasePathMapping"]["Properties"]
    assert mapping["RestApiId"] == {"Ref": "WhofreeApi"}
    assert mapping["Stage"] == {"Ref": "WhofreeApi.Stage"}
    certificate = RESOURCES["ApiDomain"]["Properties"]["RegionalCertificateArn"]
    assert certificate == {"If": ["HasCertificate", {"Ref": "CertificateArn"}, {"Ref": "ApiCertificate"}]}
    outputs = TEMPLATE["Outputs"]
    assert outputs["CustomDomainUrl"]["Condition"] == outputs["CustomDomainTarget"]["Condition"] == "HasDomain"


def test_large_answers_are_compressed():
    compression = RESOURCES["WhofreeApi"]["Properties"]["MinimumCompressionSize"]
    assert compression == {"If": ["HasCompression", {"Ref": "CompressionMinimumBytes"}, {"Ref": "AWS::NoValue"}]}
    assert 0 < PARAMETERS["CompressionMinimumBytes"]["Default"] <= 1_000_000


def test_every_key_of_the_usage_plan_has_its_throttle_and_quota():
    plan = RESOURCES["WhofreeApi"]["Properties"]["Auth"]["UsagePlan"]
    assert plan["CreateUsagePlan"] == "PER_API"
    assert plan["Throttle"] == {"RateLimit": {"Ref": "ThrottleRateLimit"}, "BurstLimit": {"Ref": "ThrottleBurstLimit"}}
    assert plan["Quota"] == {"Limit": {"Ref": "QuotaLimit"}, "Period": {"Ref": "QuotaPeriod"}}


@pytest.mark.parametrize("response", ["THROTTLED", "QUOTA_EXCEEDED"])
def test_api_gateway_s_429_has_the_contract_s_body_and_retry_after(response):
    answer = RESOURCES["WhofreeApi"]["Properties"]["GatewayResponses"][response]
    assert answer["StatusCode"] == 429
    body = json.loads(answer["ResponseTemplates"]["application/json"])
    assert body["title"] == "Too Many Requests"
    assert set(body) == {"title", "message", "details"}
    seconds = answer["ResponseParameters"]["Headers"]["Retry-After"]
    assert seconds.startswith("'")  # a literal, in API Gateway's quoting
    assert seconds.strip("'").isdigit()


def test_the_outputs_the_operator_tool_reads():
    outputs = TEMPLATE["Outputs"]
    assert outputs["UsagePlanId"]["Value"] == {"Ref": "WhofreeApiUsagePlan"}  # SAM's name for the PER_API plan
    assert outputs["ApiId"]["Value"] == {"Ref": "WhofreeApi"}
    assert outputs["TableName"]["Value"] == {"Ref": "WhofreeTable"}


def test_cors_origins_reach_the_api_function():
    variables = RESOURCES["ApiFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["WHOFREE_CORS_ORIGINS"] == {"Ref": "CorsOrigins"}
    assert PARAMETERS["CorsOrigins"]["Default"] == ""


def test_every_keyed_path_lets_a_preflight_through_without_a_key():
    """A browser's preflight carries no API key: on every path that needs one, OPTIONS is its own
    method without the key, so API Gateway hands it to the function (204 or 405), never a 403."""
    keyed, preflight = set(), set()
    for name in FUNCTIONS:
        for event in RESOURCES[name]["Properties"].get("Events", {}).values():
            if event["Type"] != "Api":
                continue
            props = event["Properties"]
            keyless = props.get("Auth", {}).get("ApiKeyRequired") is False
            if props["Method"].upper() == "OPTIONS":
                assert keyless, props["Path"]
                assert name == "ApiFunction"
                preflight.add(props["Path"])
            elif not keyless:
                keyed.add(props["Path"])
    assert keyed
    assert keyed == preflight
