namespace KubeSharp.ApiServer.Protobuf;

/// <summary>What a protobuf field holds, and so how its value becomes JSON.</summary>
internal enum ProtoKind
{
    String,
    Bool,
    Int32,
    Int64,

    /// <summary>A proto double (wire fixed64), a JSON number.</summary>
    Double,

    /// <summary>Proto bytes, a base64 JSON string as Go's []byte.</summary>
    Bytes,

    /// <summary>A nested message described by a <see cref="MessageSchema"/>.</summary>
    Message,

    /// <summary>metav1.Time {int64 seconds = 1; int32 nanos = 2}: RFC 3339 to the second.</summary>
    Time,

    /// <summary>metav1.MicroTime, as Time: RFC 3339 with six fraction digits.</summary>
    MicroTime,

    /// <summary>resource.Quantity {string string = 1}: the string.</summary>
    Quantity,

    /// <summary>intstr.IntOrString {int64 type = 1; int32 intVal = 2; string strVal = 3}: a number or a string.</summary>
    IntOrString,

    /// <summary>runtime.RawExtension and metav1.FieldsV1 {bytes raw = 1}: the JSON the bytes hold.</summary>
    RawJson,

    /// <summary>metav1.Duration {int64 duration = 1} in nanoseconds: a Go duration string ("1h0m0s").</summary>
    Duration,
}
