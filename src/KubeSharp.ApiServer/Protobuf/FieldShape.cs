namespace KubeSharp.ApiServer.Protobuf;

/// <summary>How a protobuf field's values appear in the JSON object.</summary>
internal enum FieldShape
{
    /// <summary>One value under the field's JSON name.</summary>
    Single,

    /// <summary>A JSON array; numeric kinds may arrive packed or one element per tag.</summary>
    Repeated,

    /// <summary>A map&lt;string, kind&gt;: repeated entry messages {key = 1; value = 2}, a JSON object.</summary>
    Map,

    /// <summary>A Go struct embedded with json:",inline": its fields land in the enclosing JSON object.</summary>
    Inline,
}
