namespace KubeSharp.Api.Errors;

/// <summary>One field's problem in a 422 Invalid Status: reason (FieldValueRequired...), message, field path.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
