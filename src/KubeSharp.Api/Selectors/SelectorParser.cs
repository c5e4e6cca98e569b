using KubeSharp.Api.Errors;

namespace KubeSharp.Api.Selectors;

/// <summary>
/// The selector grammar of k8s.io/apimachinery/pkg/labels (set-based for labels) and
/// pkg/fields (only =, ==, != for fields).
/// </summary>
internal sealed class SelectorParser(string text, bool labels)
{
    private int _position;

    public List<Requirement> Parse()
    {
        var requirements = new List<Requirement>();
        while (true)
        {
            SkipSpaces();
            requirements.Add(ParseRequirement());
            SkipSpaces();
            if (_position >= text.Length)
            {
                return requirements;
            }

            Expect(',');
        }
    }

    private Requirement ParseRequirement()
    {
        SkipSpaces();
        if (labels && Peek() == '!')
        {
            _position++;
            var negated = ReadKey();
            return new Requirement(negated, SelectorOperator.DoesNotExist, []);
        }

        var key = ReadKey();
        SkipSpaces();
        if (_position >= text.Length || Peek() == ',')
        {
            if (!labels)
            {
                throw Error($"invalid field selector: '{text}'");
            }

            return new Requirement(key, SelectorOperator.Exists, []);
        }

        if (Match("==") || Match("="))
        {
            return new Requirement(key, SelectorOperator.Equals, [ReadValue()]);
        }

        if (Match("!="))
        {
            return new Requirement(key, SelectorOperator.NotEquals, [ReadValue()]);
        }

        if (labels && Match(">"))
        {
            return new Requirement(key, SelectorOperator.GreaterThan, [ReadInteger()]);
        }

        if (labels && Match("<"))
        {
            return new Requirement(key, SelectorOperator.LessThan, [ReadInteger()]);
        }

        if (labels && MatchWord("notin"))
        {
            return new Requirement(key, SelectorOperator.NotIn, ReadSet());
        }

        if (labels && MatchWord("in"))
        {
            return new Requirement(key, SelectorOperator.In, ReadSet());
        }

        throw Error($"unable to parse requirement: found '{text[_position..]}', expected: in, notin, =, ==, !=, gt, lt");
    }

    private string ReadKey()
    {
        var start = _position;
        while (_position < text.Length && !IsDelimiter(text[_position]))
        {
            _position++;
        }

        var key = text[start.._position];
        if (key.Length == 0)
        {
            throw Error($"unable to parse requirement: found '{(start < text.Length ? text[start].ToString() : string.Empty)}', expected: identifier");
        }

        if (labels && ObjectNames.QualifiedNameError(key) is { } problem)
        {
            throw Error($"unable to parse requirement: invalid label key \"{key}\": {problem}");
        }

        return key;
    }

    private string ReadValue()
    {
        SkipSpaces();
        var start = _position;
        while (_position < text.Length && text[_position] != ',' && (!labels || (text[_position] != ' ' && text[_position] != ')')))
        {
            // Field selector values may escape ',' '=' and '\' with '\'.
            if (!labels && text[_position] == '\\' && _position + 1 < text.Length)
            {
                _position++;
            }

            _position++;
        }

        var value = text[start.._position];
        if (!labels)
        {
            return value.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\=", "=", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        if (ObjectNames.LabelValueError(value) is { } problem)
        {
            throw Error($"unable to parse requirement: invalid label value: \"{value}\": {problem}");
        }

        return value;
    }

    private string ReadInteger()
    {
        var value = ReadValue();
        if (!long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw Error($"unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer");
        }

        return value;
    }

    private List<string> ReadSet()
    {
        SkipSpaces();
        Expect('(');
        var values = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (Peek() == ')')
            {
                _position++;
                return values;
            }

            values.Add(ReadValue());
            SkipSpaces();
            if (Peek() == ',')
            {
                _position++;
            }
            else if (Peek() != ')')
            {
                throw Error($"unable to parse requirement: found '{text[_position..]}', expected: ',', ')'");
            }
        }
    }

    private bool IsDelimiter(char c) => c is ',' or '=' or '!' or ' ' || (labels && c is '(' or ')' or '<' or '>');

    private char Peek() => _position < text.Length ? text[_position] : '\0';

    private bool Match(string token)
    {
        if (string.CompareOrdinal(text, _position, token, 0, token.Length) == 0)
        {
            _position += token.Length;
            return true;
        }

        return false;
    }

    private bool MatchWord(string word)
    {
        var end = _position + word.Length;
        if (string.CompareOrdinal(text, _position, word, 0, word.Length) == 0 && (end >= text.Length || text[end] is ' ' or '('))
        {
            _position = end;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"unable to parse requirement: expected '{c}' at position {_position} in '{text}'");
        }

        _position++;
    }

    private void SkipSpaces()
    {
        while (_position < text.Length && text[_position] == ' ')
        {
            _position++;
        }
    }

    private static ApiException Error(string message) => ApiErrors.BadRequest(message);
}
