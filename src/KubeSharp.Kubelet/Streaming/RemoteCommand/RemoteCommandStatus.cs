using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KubeSharp.Api.Errors;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// How a session ended, as the metav1.Status upstream writes on the error stream: Success, a
/// non-zero exit code (reason NonZeroExitCode with an ExitCode cause, which kubectl turns into its own
/// exit code), or an error. Also the Status of a request refused before any stream exists.
/// </summary>
internal sealed record RemoteCommandStatus(string Status, string? Message = null, string? Reason = null, IReadOnlyList<StatusCause>? Causes = null, int Code = 0)
{
    public const string NonZeroExitCodeReason = "NonZeroExitCode";

    public const string ExitCodeCauseType = "ExitCode";

    private const string SuccessStatus = "Success";

    private const string FailureStatus = "Failure";

    // Go's encoding/json writes quotes and non-ASCII text as they are.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RemoteCommandStatus Success { get; } = new(SuccessStatus);

    public bool IsSuccess => Status == SuccessStatus;

    /// <summary>The command's exit code when it ended with a non-zero one.</summary>
    public int? ExitCode =>
        Reason == NonZeroExitCodeReason
        && Causes?.FirstOrDefault(c => c.Reason == ExitCodeCauseType) is { } cause
        && int.TryParse(cause.Message, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    /// <summary>A command that exited with a non-zero code, worded as upstream's exec handler words it around the runtime's error.</summary>
    public static RemoteCommandStatus NonZeroExit(int exitCode, string error) => new(
        FailureStatus,
        $"command terminated with non-zero exit code: {error}",
        NonZeroExitCodeReason,
        [new StatusCause(ExitCodeCauseType, exitCode.ToString(CultureInfo.InvariantCulture), string.Empty)]);

    /// <summary>Upstream's NewInternalError.</summary>
    public static RemoteCommandStatus Internal(string error) => new(
        FailureStatus,
        $"Internal error occurred: {error}",
        "InternalError",
        [new StatusCause(string.Empty, error, string.Empty)],
        500);

    /// <summary>A refusal with an HTTP code, its upstream reason, and upstream's message.</summary>
    public static RemoteCommandStatus Failure(int code, string message) => new(
        FailureStatus,
        message,
        code switch
        {
            400 => "BadRequest",
            403 => "Forbidden",
            404 => "NotFound",
            429 => "TooManyRequests",
            _ => "InternalError",
        },
        null,
        code);

    /// <summary>
    /// The Status a runtime wrote on a v4 error stream. Nothing at all means success, as client-go
    /// reads it; what is not a Status becomes an internal error with client-go's wording.
    /// </summary>
    public static RemoteCommandStatus Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return Success;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"a Status is a JSON object, not {root.ValueKind}");
            }

            var causes = new List<StatusCause>();
            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("causes", out var listed) && listed.ValueKind == JsonValueKind.Array)
            {
                foreach (var cause in listed.EnumerateArray())
                {
                    causes.Add(new StatusCause(Text(cause, "reason") ?? string.Empty, Text(cause, "message") ?? string.Empty, Text(cause, "field") ?? string.Empty));
                }
            }

            var code = root.TryGetProperty("code", out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt32(out var value) ? value : 0;
            return new RemoteCommandStatus(Text(root, "status") ?? string.Empty, Text(root, "message"), Text(root, "reason"), causes.Count > 0 ? causes : null, code);
        }
        catch (JsonException error)
        {
            return Internal($"error stream protocol error: {error.Message} in \"{Encoding.UTF8.GetString(json)}\"");
        }
    }

    /// <summary>
    /// The Status as Go's json.Marshal writes a metav1.Status: fields in its order, empty ones left out
    /// but for <c>metadata</c>; with <c>kind</c> and <c>apiVersion</c> when it is a response body.
    /// </summary>
    public byte[] ToJson(bool withTypeMeta = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (withTypeMeta)
            {
                writer.WriteString("kind", "Status");
                writer.WriteString("apiVersion", "v1");
            }

            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            WriteIfSet(writer, "status", Status);
            WriteIfSet(writer, "message", Message);
            WriteIfSet(writer, "reason", Reason);
            if (Causes is { Count: > 0 })
            {
                writer.WriteStartObject("details");
                writer.WriteStartArray("causes");
                foreach (var cause in Causes)
                {
                    writer.WriteStartObject();
                    WriteIfSet(writer, "reason", cause.Reason);
                    WriteIfSet(writer, "message", cause.Message);
                    WriteIfSet(writer, "field", cause.Field);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            if (Code != 0)
            {
                writer.WriteNumber("code", Code);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The error stream of the versions before v4: the error's text, and nothing on success.</summary>
    public byte[] ToText() => IsSuccess ? [] : Encoding.UTF8.GetBytes(Message ?? string.Empty);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
