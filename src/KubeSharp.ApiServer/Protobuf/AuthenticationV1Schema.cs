namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/authentication/v1 generated.proto (v0.32): TokenRequest, what kubectl create token posts.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class AuthenticationV1Schema
{
    private static readonly MessageSchema BoundObjectReference = new MessageSchema("authentication/v1.BoundObjectReference")
        .String(1, "kind")
        .String(2, "apiVersion")
        .String(3, "name")
        .String(4, "uid");

    private static readonly MessageSchema TokenRequestSpec = new MessageSchema("authentication/v1.TokenRequestSpec")
        .Strings(1, "audiences")
        .Int64(4, "expirationSeconds", keepZero: true)
        .Message(3, "boundObjectRef", BoundObjectReference);

    private static readonly MessageSchema TokenRequestStatus = new MessageSchema("authentication/v1.TokenRequestStatus")
        .String(1, "token", keepZero: true)
        .Time(2, "expirationTimestamp");

    internal static readonly MessageSchema TokenRequest = new MessageSchema("authentication/v1.TokenRequest")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", TokenRequestSpec)
        .Message(3, "status", TokenRequestStatus);
}
