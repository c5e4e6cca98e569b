namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// One field of a message: its number on the wire, its name in JSON, what it holds and how it is shaped.
/// <c>OmitZero</c> mirrors Go's omitempty on a non-pointer scalar: gogo protobuf writes such fields
/// even when zero, while the JSON encoding leaves them out.
/// </summary>
internal sealed record ProtoField(int Number, string JsonName, ProtoKind Kind, FieldShape Shape, bool OmitZero, MessageSchema? Message);
