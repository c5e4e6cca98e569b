using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Protobuf;

namespace KubeSharp.ApiServer.Tests.Protobuf;

/// <summary>Protobuf request bodies (k8s\0 + runtime.Unknown) decode to the JSON kubectl would have sent.</summary>
public sealed class ProtobufBodiesTests
{
    // time.Time{}.Unix(): gogo writes a zero metav1.Time (creationTimestamp on create) with these seconds.
    private const long GoZeroTime = -62135596800;

    [Fact]
    public void A_namespace_decodes_with_its_labels_and_without_the_zero_creation_timestamp()
    {
        var metadata = new ProtoWriter()
            .String(1, "team-a")
            .String(2, string.Empty)
            .String(3, string.Empty)
            .Int64(7, 0)
            .Time(8, GoZeroTime)
            .Entry(11, "env", "dev");
        var body = ProtoWriter.Body("v1", "Namespace", new ProtoWriter()
            .Message(1, metadata)
            .Message(2, new ProtoWriter())
            .Message(3, new ProtoWriter().String(1, string.Empty)));

        AssertJson(
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"env":"dev"}},"spec":{},"status":{}}""",
            ProtobufBodies.Decode(body));
    }

    [Fact]
    public void A_config_map_keeps_empty_values_base64_encodes_binary_data_and_keeps_a_false_pointer()
    {
        var body = ProtoWriter.Body("v1", "ConfigMap", new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "settings").String(3, "default"))
            .Entry(2, "mode", "fast")
            .Entry(2, "empty", string.Empty)
            .Message(3, new ProtoWriter().String(1, "blob").Bytes(2, [0, 1, 2]))
            .Bool(4, false));

        AssertJson(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},"data":{"mode":"fast","empty":""},"binaryData":{"blob":"AAEC"},"immutable":false}""",
            ProtobufBodies.Decode(body));
    }

    [Fact]
    public void A_deployment_decodes_its_pod_template_quantities_and_int_or_strings()
    {
        var port = new ProtoWriter().String(1, string.Empty).Int32(2, 0).Int32(3, 80).String(4, "TCP").String(5, string.Empty);
        var resources = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "cpu").Message(2, new ProtoWriter().String(1, "500m")))
            .Message(1, new ProtoWriter().String(1, "memory").Message(2, new ProtoWriter().String(1, "128Mi")))
            .Message(2, new ProtoWriter().String(1, "cpu").Message(2, new ProtoWriter().String(1, "250m")));
        var container = new ProtoWriter()
            .String(1, "nginx")
            .String(2, "nginx:1.27")
            .Message(6, port)
            .Message(8, resources)
            .String(13, string.Empty)
            .Bool(16, false);
        var template = new ProtoWriter()
            .Message(1, new ProtoWriter().Time(8, GoZeroTime).Entry(11, "app", "web"))
            .Message(2, new ProtoWriter().Message(2, container).String(3, string.Empty));
        var strategy = new ProtoWriter()
            .String(1, "RollingUpdate")
            .Message(2, new ProtoWriter()
                .Message(1, new ProtoWriter().Int64(1, 0).Int32(2, 1).String(3, string.Empty))
                .Message(2, new ProtoWriter().Int64(1, 1).Int32(2, 0).String(3, "25%")));
        var spec = new ProtoWriter()
            .Int32(1, 3)
            .Message(2, new ProtoWriter().Entry(1, "app", "web"))
            .Message(3, template)
            .Message(4, strategy)
            .Int32(5, 0)
            .Bool(7, false)
            .Int32(9, 600);
        var body = ProtoWriter.Body("apps/v1", "Deployment", new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "web").Time(8, GoZeroTime))
            .Message(2, spec)
            .Message(3, new ProtoWriter()));

        AssertJson(
            """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
                "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}}}]}},
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"25%"}},
              "progressDeadlineSeconds":600},
             "status":{}}
            """,
            ProtobufBodies.Decode(body));
    }

    [Fact]
    public void Inline_structs_merge_into_their_parent_and_unknown_fields_of_every_wire_type_are_skipped()
    {
        var volume = new ProtoWriter()
            .String(1, "config")
            .Message(2, new ProtoWriter().Message(19, new ProtoWriter().Message(1, new ProtoWriter().String(1, "app-config")).Int32(3, 420)));
        var podSpec = new ProtoWriter()
            .Message(1, volume)
            .Message(50, new ProtoWriter().Message(13, new ProtoWriter().String(1, "ignored")))
            .Tag(99, 3).Int32(1, 5).Tag(99, 4)
            .Double(98, 1.5)
            .Fixed32(97, 7)
            .Int64(96, -1)
            .Message(34, new ProtoWriter().String(1, "ephemeral"));
        var body = ProtoWriter.Body("v1", "Pod", new ProtoWriter().Message(2, podSpec));

        AssertJson(
            """{"apiVersion":"v1","kind":"Pod","spec":{"volumes":[{"name":"config","configMap":{"name":"app-config","defaultMode":420}}]}}""",
            ProtobufBodies.Decode(body));
    }

    [Fact]
    public void Repeated_numbers_decode_packed_or_one_per_tag_and_negative_int32s_keep_their_sign()
    {
        var packed = new ProtoWriter().Varint(1).Varint(unchecked((ulong)-2L)).Varint(300);
        var requirement = new ProtoWriter()
            .String(2, "In")
            .Bytes(3, packed.ToArray())
            .Int32(3, 42);
        var rule = new ProtoWriter().String(1, "FailJob").Message(2, requirement);
        var jobSpec = new ProtoWriter().Message(11, new ProtoWriter().Message(1, rule)).Int32(7, 0);
        var body = ProtoWriter.Body("batch/v1", "Job", new ProtoWriter().Message(2, jobSpec));

        AssertJson(
            """{"apiVersion":"batch/v1","kind":"Job","spec":{"podFailurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[1,-2,300,42]}}]},"backoffLimit":0}}""",
            ProtobufBodies.Decode(body));
    }

    [Fact]
    public void Managed_fields_carry_their_fields_v1_as_json_and_times_format_as_rfc3339()
    {
        var entry = new ProtoWriter()
            .String(1, "kubectl")
            .String(2, "Update")
            .Time(4, 1704164645, 999_999_999)
            .String(6, "FieldsV1")
            .Message(7, new ProtoWriter().Bytes(1, """{"f:data":{".":{}}}"""u8.ToArray()));
        var body = ProtoWriter.Body("v1", "ConfigMap", new ProtoWriter().Message(1, new ProtoWriter().String(1, "c").Message(17, entry)));

        AssertJson(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[{"manager":"kubectl","operation":"Update","time":"2024-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{}}}}]}}""",
            ProtobufBodies.Decode(body));
    }

    [Fact]
    public void A_micro_time_keeps_microseconds_and_a_zero_time_in_a_map_is_null()
    {
        var schema = new MessageSchema("test.Times")
            .Scalar(1, "micro", ProtoKind.MicroTime)
            .Map(2, "times", ProtoKind.Time)
            .Scalar(3, "ratio", ProtoKind.Double);
        var data = new ProtoWriter()
            .Time(1, 1704164645, 123_456_789)
            .Message(2, new ProtoWriter().String(1, "zero").Time(2, GoZeroTime))
            .Message(2, new ProtoWriter().String(1, "missing"))
            .Double(3, 0.25)
            .ToArray();

        var result = new JsonObject();
        ProtoJsonDecoder.DecodeInto(result, data, schema, 1);

        AssertJson("""{"micro":"2024-01-02T03:04:05.123456Z","times":{"zero":null,"missing":null},"ratio":0.25}""", result);
    }

    [Fact]
    public void A_duration_formats_as_go_does()
    {
        var schema = new MessageSchema("test.Duration").Scalar(1, "timeout", ProtoKind.Duration);
        var result = new JsonObject();
        ProtoJsonDecoder.DecodeInto(result, new ProtoWriter().Message(1, new ProtoWriter().Int64(1, 3_600_000_000_000)).ToArray(), schema, 1);

        Assert.Equal("1h0m0s", (string?)result["timeout"]);
        Assert.Equal("0s", GoDuration.Format(0));
        Assert.Equal("1.5s", GoDuration.Format(1_500_000_000));
        Assert.Equal("300ms", GoDuration.Format(300_000_000));
        Assert.Equal("1.5\u00B5s", GoDuration.Format(1_500));
        Assert.Equal("999ns", GoDuration.Format(999));
        Assert.Equal("-1m30s", GoDuration.Format(-90_000_000_000));
        Assert.Equal("-2562047h47m16.854775808s", GoDuration.Format(long.MinValue));
    }

    [Theory]
    [InlineData("v1", "Namespace")]
    [InlineData("v1", "ConfigMap")]
    [InlineData("v1", "Secret")]
    [InlineData("v1", "Service")]
    [InlineData("v1", "ServiceAccount")]
    [InlineData("v1", "ResourceQuota")]
    [InlineData("v1", "Pod")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("apps/v1", "ReplicaSet")]
    [InlineData("apps/v1", "StatefulSet")]
    [InlineData("apps/v1", "DaemonSet")]
    [InlineData("batch/v1", "Job")]
    [InlineData("batch/v1", "CronJob")]
    [InlineData("autoscaling/v1", "HorizontalPodAutoscaler")]
    [InlineData("autoscaling/v2", "HorizontalPodAutoscaler")]
    [InlineData("policy/v1", "PodDisruptionBudget")]
    [InlineData("policy/v1", "Eviction")]
    [InlineData("rbac.authorization.k8s.io/v1", "Role")]
    [InlineData("rbac.authorization.k8s.io/v1", "RoleBinding")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")]
    [InlineData("networking.k8s.io/v1", "Ingress")]
    [InlineData("networking.k8s.io/v1", "IngressClass")]
    [InlineData("scheduling.k8s.io/v1", "PriorityClass")]
    [InlineData("authentication.k8s.io/v1", "TokenRequest")]
    [InlineData("authorization.k8s.io/v1", "SelfSubjectAccessReview")]
    public void Every_supported_kind_has_a_schema(string apiVersion, string kind)
    {
        // Decoding touches the schema's static initializers, which throw if a message is used before it is defined.
        var result = ProtobufBodies.Decode(ProtoWriter.Body(apiVersion, kind, new ProtoWriter().Message(1, new ProtoWriter().String(1, "x"))));

        Assert.Equal(apiVersion, (string?)result["apiVersion"]);
        Assert.Equal(kind, (string?)result["kind"]);
        Assert.Equal("x", (string?)result["metadata"]?["name"]);
    }

    [Fact]
    public void A_body_without_the_magic_is_a_bad_request() =>
        AssertBadRequest("""{"kind":"Namespace"}"""u8.ToArray(), "expected prefix");

    [Fact]
    public void A_truncated_length_is_a_bad_request() =>
        AssertBadRequest(ProtoWriter.RawBody(0x12, 0x80), "truncated varint");

    [Fact]
    public void A_varint_over_ten_bytes_is_a_bad_request() =>
        AssertBadRequest(ProtoWriter.RawBody(0x28, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), "longer than 10 bytes");

    [Fact]
    public void A_length_past_the_end_is_a_bad_request()
    {
        var raw = new ProtoWriter().Tag(1, 2).Varint(50).Raw(1, 2, 3);
        AssertBadRequest(ProtoWriter.Body("v1", "Namespace", raw), "runs past the end");
    }

    [Fact]
    public void A_huge_length_is_rejected_before_anything_is_allocated()
    {
        var raw = new ProtoWriter().Tag(1, 2).Varint(ulong.MaxValue);
        AssertBadRequest(ProtoWriter.Body("v1", "Namespace", raw), "runs past the end");
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_a_bad_request()
    {
        var raw = new ProtoWriter().Int32(1, 7);
        AssertBadRequest(ProtoWriter.Body("v1", "Namespace", raw), "wire type 0, expected 2");
    }

    [Fact]
    public void An_unknown_kind_is_a_bad_request_naming_it() =>
        AssertBadRequest(ProtoWriter.Body("example.com/v1", "Widget", new ProtoWriter()), "no protobuf schema for example.com/v1/Widget");

    [Fact]
    public void A_body_without_a_kind_is_a_bad_request() =>
        AssertBadRequest(ProtoWriter.RawBody(0x0A, 0x04, 0x0A, 0x02, (byte)'v', (byte)'1'), "'Kind' is missing");

    [Fact]
    public void Messages_nested_deeper_than_100_are_a_bad_request()
    {
        var schema = new MessageSchema("test.Recursive");
        schema.Message(1, "child", schema);
        var nested = new ProtoWriter();
        for (var level = 0; level < 101; level++)
        {
            nested = new ProtoWriter().Message(1, nested);
        }

        var data = nested.ToArray();
        var error = Assert.Throws<ApiException>(() => DecodeWith(data, schema));
        Assert.Equal("BadRequest", error.Reason);
        Assert.Contains("deeper than 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_nested_deeper_than_100_are_a_bad_request()
    {
        var raw = new ProtoWriter();
        for (var level = 0; level < 150; level++)
        {
            raw.Tag(15, 3);
        }

        AssertBadRequest(ProtoWriter.Body("v1", "Namespace", raw), "deeper than 100");
    }

    private static JsonObject DecodeWith(byte[] data, MessageSchema schema)
    {
        var result = new JsonObject();
        ProtoJsonDecoder.DecodeInto(result, data, schema, 1);
        return result;
    }

    private static void AssertBadRequest(byte[] body, string messagePart)
    {
        var error = Assert.Throws<ApiException>(() => ProtobufBodies.Decode(body));
        Assert.Equal("BadRequest", error.Reason);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    // Both sides through the same serializer, so the comparison is of content and order, not of escaping or spacing.
    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), actual.ToJsonString());
}
