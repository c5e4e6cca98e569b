namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/authorization/v1 generated.proto (v0.32): SelfSubjectAccessReview, what kubectl auth can-i posts.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class AuthorizationV1Schema
{
    private static readonly MessageSchema FieldSelectorAttributes = new MessageSchema("authorization/v1.FieldSelectorAttributes")
        .String(1, "rawSelector")
        .Messages(2, "requirements", MetaV1Schema.FieldSelectorRequirement);

    private static readonly MessageSchema LabelSelectorAttributes = new MessageSchema("authorization/v1.LabelSelectorAttributes")
        .String(1, "rawSelector")
        .Messages(2, "requirements", MetaV1Schema.LabelSelectorRequirement);

    private static readonly MessageSchema ResourceAttributes = new MessageSchema("authorization/v1.ResourceAttributes")
        .String(1, "namespace")
        .String(2, "verb")
        .String(3, "group")
        .String(4, "version")
        .String(5, "resource")
        .String(6, "subresource")
        .String(7, "name")
        .Message(8, "fieldSelector", FieldSelectorAttributes)
        .Message(9, "labelSelector", LabelSelectorAttributes);

    private static readonly MessageSchema NonResourceAttributes = new MessageSchema("authorization/v1.NonResourceAttributes")
        .String(1, "path")
        .String(2, "verb");

    private static readonly MessageSchema SelfSubjectAccessReviewSpec = new MessageSchema("authorization/v1.SelfSubjectAccessReviewSpec")
        .Message(1, "resourceAttributes", ResourceAttributes)
        .Message(2, "nonResourceAttributes", NonResourceAttributes);

    private static readonly MessageSchema SubjectAccessReviewStatus = new MessageSchema("authorization/v1.SubjectAccessReviewStatus")
        .Bool(1, "allowed", keepZero: true)
        .Bool(4, "denied")
        .String(2, "reason")
        .String(3, "evaluationError");

    internal static readonly MessageSchema SelfSubjectAccessReview = new MessageSchema("authorization/v1.SelfSubjectAccessReview")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", SelfSubjectAccessReviewSpec)
        .Message(3, "status", SubjectAccessReviewStatus);
}
