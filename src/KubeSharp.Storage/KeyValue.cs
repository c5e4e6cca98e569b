namespace KubeSharp.Storage;

/// <summary>One key's value at one revision, as etcd's mvccpb.KeyValue.</summary>
public sealed record KeyValue(string Key, byte[] Value, long CreateRevision, long ModRevision);
