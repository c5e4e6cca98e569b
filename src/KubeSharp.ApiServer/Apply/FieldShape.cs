namespace KubeSharp.ApiServer.Apply;

/// <summary>How a value is merged and tracked, from the KubernetesClient model it belongs to.</summary>
internal enum FieldShape
{
    /// <summary>A leaf: scalars, atomic structs and atomic lists are owned as a whole.</summary>
    Atomic,

    /// <summary>A struct with declared fields, each tracked on its own.</summary>
    Struct,

    /// <summary>A map (labels, data, or anything without a model), each key tracked on its own.</summary>
    Map,

    /// <summary>A list of objects identified by key fields (containers by name): items tracked as "k:{...}".</summary>
    KeyedList,

    /// <summary>A list of scalars merged as a set (finalizers): items tracked as "v:...".</summary>
    SetList,
}
