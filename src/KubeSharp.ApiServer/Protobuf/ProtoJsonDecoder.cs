using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// Turns a protobuf message into the JSON object Go's encoding/json would write for the same Go struct,
/// guided by a <see cref="MessageSchema"/>. Fields the schema does not know are skipped by wire type.
/// </summary>
internal static class ProtoJsonDecoder
{
    // time.Time{}.Unix(): Go's zero time, which metav1.Time marshals as null.
    private const long GoZeroTimeSeconds = -62135596800;

    // 9999-12-31T23:59:59Z, the last second .NET can represent.
    private const long MaxTimeSeconds = 253402300799;

    private const int NanosPerSecond = 1_000_000_000;

    private static readonly MessageSchema Timestamp = new MessageSchema("meta/v1.Time").Int64(1, "seconds").Int32(2, "nanos");
    private static readonly MessageSchema QuantityMessage = new MessageSchema("resource.Quantity").String(1, "string");
    private static readonly MessageSchema IntOrStringMessage = new MessageSchema("intstr.IntOrString").Int64(1, "type").Int32(2, "intVal").String(3, "strVal");
    private static readonly MessageSchema DurationMessage = new MessageSchema("meta/v1.Duration").Int64(1, "duration");

    /// <summary>Decodes into <paramref name="target"/>, so a message that arrives in pieces merges as protobuf merges it.</summary>
    public static void DecodeInto(JsonObject target, ReadOnlySpan<byte> data, MessageSchema schema, int depth)
    {
        ProtoReader.CheckDepth(depth);
        var reader = new ProtoReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (!schema.TryGetField(number, out var field))
            {
                reader.Skip(number, wireType, depth);
                continue;
            }

            switch (field.Shape)
            {
                case FieldShape.Single:
                    DecodeSingle(target, ref reader, wireType, field, depth);
                    break;
                case FieldShape.Inline:
                    ExpectWireType(field, wireType, WireType.LengthDelimited);
                    DecodeInto(target, reader.ReadLengthDelimited(), field.Message!, depth + 1);
                    break;
                case FieldShape.Repeated:
                    DecodeRepeated(ArrayOf(target, field.JsonName), ref reader, wireType, field, depth);
                    break;
                case FieldShape.Map:
                    ExpectWireType(field, wireType, WireType.LengthDelimited);
                    DecodeMapEntry(ObjectOf(target, field.JsonName), reader.ReadLengthDelimited(), field, depth + 1);
                    break;
            }
        }
    }

    private static void DecodeSingle(JsonObject target, ref ProtoReader reader, WireType wireType, ProtoField field, int depth)
    {
        if (field.Kind == ProtoKind.Message)
        {
            // Present means emitted, even empty: Go writes a non-pointer struct as {} too.
            ExpectWireType(field, wireType, WireType.LengthDelimited);
            DecodeInto(ObjectOf(target, field.JsonName), reader.ReadLengthDelimited(), field.Message!, depth + 1);
            return;
        }

        // Last one wins for a repeated scalar tag, as in protobuf; a value that reads as "omit" removes an earlier one.
        var value = ReadValue(ref reader, wireType, field, field.OmitZero, depth);
        if (value is null)
        {
            target.Remove(field.JsonName);
        }
        else
        {
            target[field.JsonName] = value;
        }
    }

    private static void DecodeRepeated(JsonArray array, ref ProtoReader reader, WireType wireType, ProtoField field, int depth)
    {
        var elementWireType = ExpectedWireType(field.Kind);
        if (wireType == WireType.LengthDelimited && elementWireType != WireType.LengthDelimited)
        {
            // Packed numbers: one length-delimited run of values without tags.
            var packed = new ProtoReader(reader.ReadLengthDelimited());
            while (!packed.End)
            {
                array.Add(ReadValue(ref packed, elementWireType, field, false, depth));
            }

            return;
        }

        array.Add(ReadValue(ref reader, wireType, field, false, depth));
    }

    private static void DecodeMapEntry(JsonObject map, ReadOnlySpan<byte> entry, ProtoField field, int depth)
    {
        ProtoReader.CheckDepth(depth);
        var reader = new ProtoReader(entry);
        var key = string.Empty;
        JsonNode? value = null;
        var hasValue = false;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    if (wireType != WireType.LengthDelimited)
                    {
                        throw ProtoReader.Malformed($"map key of field {field.Number} ({field.JsonName}) has wire type {(int)wireType}, expected 2");
                    }

                    key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 2:
                    value = ReadValue(ref reader, wireType, field, false, depth);
                    hasValue = true;
                    break;
                default:
                    reader.Skip(number, wireType, depth);
                    break;
            }
        }

        // An entry without a value holds the value type's zero.
        map[key] = hasValue ? value : ZeroValue(field, depth);
    }

    private static JsonNode? ZeroValue(ProtoField field, int depth) => field.Kind switch
    {
        // Go fills a missing map value with the Go zero value: for metav1.Time that is time.Time{}, written null.
        ProtoKind.Time or ProtoKind.MicroTime => null,
        ProtoKind.String or ProtoKind.Bytes => JsonValue.Create(string.Empty),
        ProtoKind.Bool => JsonValue.Create(false),
        ProtoKind.Int32 => JsonValue.Create(0),
        ProtoKind.Int64 => JsonValue.Create(0L),
        ProtoKind.Double => JsonValue.Create(0d),
        ProtoKind.Message => Decode(ReadOnlySpan<byte>.Empty, field.Message!, depth + 1),
        _ => DecodeWellKnown(field.Kind, ReadOnlySpan<byte>.Empty, depth + 1),
    };

    /// <summary>
    /// One value of <paramref name="field"/>'s kind. Null means: leave the field out (a zero under omitempty),
    /// or JSON null inside an array or map (a zero metav1.Time, an empty RawExtension), as Go writes them.
    /// </summary>
    private static JsonNode? ReadValue(ref ProtoReader reader, WireType wireType, ProtoField field, bool omitZero, int depth)
    {
        ExpectWireType(field, wireType, ExpectedWireType(field.Kind));
        switch (field.Kind)
        {
            case ProtoKind.String:
                var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                return omitZero && text.Length == 0 ? null : JsonValue.Create(text);
            case ProtoKind.Bytes:
                var bytes = reader.ReadLengthDelimited();
                return omitZero && bytes.IsEmpty ? null : JsonValue.Create(Convert.ToBase64String(bytes));
            case ProtoKind.Bool:
                var flag = reader.ReadVarint() != 0;
                return omitZero && !flag ? null : JsonValue.Create(flag);
            case ProtoKind.Int32:
                // Protobuf truncates: a negative int32 travels sign-extended to 64 bits.
                var int32 = unchecked((int)reader.ReadVarint());
                return omitZero && int32 == 0 ? null : JsonValue.Create(int32);
            case ProtoKind.Int64:
                var int64 = unchecked((long)reader.ReadVarint());
                return omitZero && int64 == 0 ? null : JsonValue.Create(int64);
            case ProtoKind.Double:
                var number = BitConverter.Int64BitsToDouble(unchecked((long)reader.ReadFixed64()));
                if (!double.IsFinite(number))
                {
                    throw ProtoReader.Malformed($"field {field.Number} ({field.JsonName}) is {number}, which JSON cannot hold");
                }

                return omitZero && number == 0 ? null : JsonValue.Create(number);
            case ProtoKind.Message:
                return Decode(reader.ReadLengthDelimited(), field.Message!, depth + 1);
            default:
                return DecodeWellKnown(field.Kind, reader.ReadLengthDelimited(), depth + 1);
        }
    }

    private static JsonObject Decode(ReadOnlySpan<byte> data, MessageSchema schema, int depth)
    {
        var result = new JsonObject();
        DecodeInto(result, data, schema, depth);
        return result;
    }

    /// <summary>The apimachinery types whose JSON is not an object: times, quantities, int-or-strings, raw JSON, durations.</summary>
    private static JsonNode? DecodeWellKnown(ProtoKind kind, ReadOnlySpan<byte> data, int depth)
    {
        switch (kind)
        {
            case ProtoKind.Time:
            case ProtoKind.MicroTime:
                var timestamp = Decode(data, Timestamp, depth);
                return FormatTime((long?)timestamp["seconds"] ?? 0, (int?)timestamp["nanos"] ?? 0, kind == ProtoKind.MicroTime);
            case ProtoKind.Quantity:
                // An empty Quantity is the zero quantity, which Go writes as "0".
                var quantity = (string?)Decode(data, QuantityMessage, depth)["string"];
                return JsonValue.Create(string.IsNullOrEmpty(quantity) ? "0" : quantity);
            case ProtoKind.IntOrString:
                var intOrString = Decode(data, IntOrStringMessage, depth);
                return ((long?)intOrString["type"] ?? 0) switch
                {
                    0 => JsonValue.Create((int?)intOrString["intVal"] ?? 0),
                    1 => JsonValue.Create((string?)intOrString["strVal"] ?? string.Empty),
                    var type => throw ProtoReader.Malformed($"IntOrString has type {type}, expected 0 (int) or 1 (string)"),
                };
            case ProtoKind.RawJson:
                return ParseRawJson(data, depth);
            case ProtoKind.Duration:
                return JsonValue.Create(GoDuration.Format((long?)Decode(data, DurationMessage, depth)["duration"] ?? 0));
            default:
                throw new InvalidOperationException($"{kind} is not an apimachinery value type");
        }
    }

    /// <summary>metav1.Time writes RFC 3339 in UTC to the second, MicroTime to the microsecond; the zero time is null.</summary>
    private static JsonValue? FormatTime(long seconds, int nanos, bool micro)
    {
        if (seconds == GoZeroTimeSeconds && nanos == 0)
        {
            return null;
        }

        // Go's time.Unix accepts nanoseconds outside [0, 1e9) and carries them into the seconds.
        seconds += Math.DivRem(nanos, NanosPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += NanosPerSecond;
        }

        if (seconds is < GoZeroTimeSeconds or > MaxTimeSeconds)
        {
            throw ProtoReader.Malformed($"time {seconds}s since the epoch is out of range");
        }

        var instant = DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (remainder / 100));
        var format = micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        return JsonValue.Create(instant.ToString(format, CultureInfo.InvariantCulture));
    }

    /// <summary>RawExtension and FieldsV1 carry JSON in field 1; none means null, as Go writes a nil Raw.</summary>
    private static JsonNode? ParseRawJson(ReadOnlySpan<byte> data, int depth)
    {
        ProtoReader.CheckDepth(depth);
        var reader = new ProtoReader(data);
        var raw = ReadOnlySpan<byte>.Empty;
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (number != 1)
            {
                reader.Skip(number, wireType, depth);
                continue;
            }

            if (wireType != WireType.LengthDelimited)
            {
                throw ProtoReader.Malformed($"raw bytes have wire type {(int)wireType}, expected 2");
            }

            raw = reader.ReadLengthDelimited();
        }

        if (raw.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException e)
        {
            throw ProtoReader.Malformed($"embedded raw object is not JSON: {e.Message}");
        }
    }

    private static WireType ExpectedWireType(ProtoKind kind) => kind switch
    {
        ProtoKind.Bool or ProtoKind.Int32 or ProtoKind.Int64 => WireType.Varint,
        ProtoKind.Double => WireType.Fixed64,
        _ => WireType.LengthDelimited,
    };

    private static void ExpectWireType(ProtoField field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw ProtoReader.Malformed($"field {field.Number} ({field.JsonName}) has wire type {(int)actual}, expected {(int)expected}");
        }
    }

    private static JsonArray ArrayOf(JsonObject target, string name)
    {
        if (target[name] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        target[name] = created;
        return created;
    }

    private static JsonObject ObjectOf(JsonObject target, string name)
    {
        if (target[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        target[name] = created;
        return created;
    }
}
