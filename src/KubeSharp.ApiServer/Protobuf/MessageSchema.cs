using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// The fields of one k8s.io generated.proto message, by field number. Built fluently; a scalar field left
/// <c>keepZero: false</c> is omitted when zero, as Go's omitempty does; <c>keepZero: true</c> is for Go pointers
/// (optional: present means set, even to zero) and fields without omitempty.
/// </summary>
internal sealed class MessageSchema(string name)
{
    private readonly Dictionary<int, ProtoField> _fields = [];

    /// <summary>The message's name, as "apps/v1.DeploymentSpec", for error messages.</summary>
    public string Name { get; } = name;

    public bool TryGetField(int number, [NotNullWhen(true)] out ProtoField? field) => _fields.TryGetValue(number, out field);

    public MessageSchema String(int number, string jsonName, bool keepZero = false) => Scalar(number, jsonName, ProtoKind.String, keepZero);

    public MessageSchema Bool(int number, string jsonName, bool keepZero = false) => Scalar(number, jsonName, ProtoKind.Bool, keepZero);

    public MessageSchema Int32(int number, string jsonName, bool keepZero = false) => Scalar(number, jsonName, ProtoKind.Int32, keepZero);

    public MessageSchema Int64(int number, string jsonName, bool keepZero = false) => Scalar(number, jsonName, ProtoKind.Int64, keepZero);

    public MessageSchema Time(int number, string jsonName) => Scalar(number, jsonName, ProtoKind.Time);

    public MessageSchema Quantity(int number, string jsonName) => Scalar(number, jsonName, ProtoKind.Quantity);

    public MessageSchema IntOrString(int number, string jsonName) => Scalar(number, jsonName, ProtoKind.IntOrString);

    /// <summary>A single field of any kind but <see cref="ProtoKind.Message"/> (use <see cref="Message"/>).</summary>
    public MessageSchema Scalar(int number, string jsonName, ProtoKind kind, bool keepZero = false)
    {
        if (kind == ProtoKind.Message)
        {
            throw new ArgumentException("message fields need their schema", nameof(kind));
        }

        // Only plain scalars have a Go zero value that omitempty drops; the apimachinery types are structs.
        var omitZero = !keepZero && kind is ProtoKind.String or ProtoKind.Bool or ProtoKind.Int32 or ProtoKind.Int64 or ProtoKind.Double or ProtoKind.Bytes;
        return Add(new ProtoField(number, jsonName, kind, FieldShape.Single, omitZero, null));
    }

    public MessageSchema Strings(int number, string jsonName) => Repeated(number, jsonName, ProtoKind.String);

    /// <summary>A repeated field of any kind but <see cref="ProtoKind.Message"/> (use <see cref="Messages"/>).</summary>
    public MessageSchema Repeated(int number, string jsonName, ProtoKind kind)
    {
        if (kind == ProtoKind.Message)
        {
            throw new ArgumentException("message fields need their schema", nameof(kind));
        }

        return Add(new ProtoField(number, jsonName, kind, FieldShape.Repeated, false, null));
    }

    public MessageSchema StringMap(int number, string jsonName) => Map(number, jsonName, ProtoKind.String);

    /// <summary>A ResourceList: map&lt;string, Quantity&gt;.</summary>
    public MessageSchema QuantityMap(int number, string jsonName) => Map(number, jsonName, ProtoKind.Quantity);

    /// <summary>A map&lt;string, kind&gt;; a message-valued map names its value's schema.</summary>
    public MessageSchema Map(int number, string jsonName, ProtoKind valueKind, MessageSchema? valueMessage = null)
    {
        if ((valueKind == ProtoKind.Message) != (valueMessage is not null))
        {
            throw new ArgumentException("a message-valued map, and only that, needs the value's schema", nameof(valueMessage));
        }

        return Add(new ProtoField(number, jsonName, valueKind, FieldShape.Map, false, valueMessage));
    }

    public MessageSchema Message(int number, string jsonName, MessageSchema message) => Nested(number, jsonName, FieldShape.Single, message);

    public MessageSchema Messages(int number, string jsonName, MessageSchema message) => Nested(number, jsonName, FieldShape.Repeated, message);

    /// <summary>An embedded Go struct serialized with json:",inline": its fields merge into this object.</summary>
    public MessageSchema Inline(int number, MessageSchema message) => Nested(number, string.Empty, FieldShape.Inline, message);

    private MessageSchema Nested(int number, string jsonName, FieldShape shape, MessageSchema message)
    {
        // Schemas are static fields initialized in text order: a null here is a message used before it is defined.
        ArgumentNullException.ThrowIfNull(message);
        return Add(new ProtoField(number, jsonName, ProtoKind.Message, shape, false, message));
    }

    private MessageSchema Add(ProtoField field)
    {
        if (!_fields.TryAdd(field.Number, field))
        {
            throw new InvalidOperationException($"{Name} defines field {field.Number} twice");
        }

        return this;
    }
}
