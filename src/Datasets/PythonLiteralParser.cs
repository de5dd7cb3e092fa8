using System.Globalization;
using System.Text;

namespace Streaming.Core.Datasets;

/// <summary>
/// Parses one value written either as strict JSON or as a Python literal (the Amazon 2014 metadata
/// files are <c>repr()</c> dumps: single-quoted strings, <c>True</c>/<c>False</c>/<c>None</c>).
/// Produces dictionaries (<see cref="Dictionary{TKey,TValue}"/> of string to object), lists,
/// strings, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> and null.
/// </summary>
public static class PythonLiteralParser
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with the position on bad input.</summary>
    public static object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        var value = ParseValue(text, ref position, depth: 0);
        SkipWhitespace(text, ref position);
        if (position != text.Length)
        {
            throw Error(position, "trailing characters after the value");
        }

        return value;
    }

    private const int MaxDepth = 64;

    private static object? ParseValue(string text, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error(position, "nesting too deep");
        }

        SkipWhitespace(text, ref position);
        if (position >= text.Length)
        {
            throw Error(position, "unexpected end of input");
        }

        var c = text[position];
        switch (c)
        {
            case '{':
                return ParseDictionary(text, ref position, depth);
            case '[':
                return ParseSequence(text, ref position, ']', depth);
            case '(':
                return ParseSequence(text, ref position, ')', depth);
            case '\'' or '"':
                return ParseString(text, ref position);
            default:
                if (c == '-' || c == '+' || c == '.' || char.IsAsciiDigit(c))
                {
                    return ParseNumber(text, ref position);
                }

                return ParseWord(text, ref position);
        }
    }

    private static Dictionary<string, object?> ParseDictionary(string text, ref int position, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        position++;
        SkipWhitespace(text, ref position);
        if (position < text.Length && text[position] == '}')
        {
            position++;
            return result;
        }

        while (true)
        {
            var key = ParseValue(text, ref position, depth + 1);
            var keyText = key switch
            {
                string s => s,
                null => throw Error(position, "dictionary key is None"),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => throw Error(position, "dictionary key is not a scalar"),
            };
            Expect(text, ref position, ':');
            result[keyText] = ParseValue(text, ref position, depth + 1);
            SkipWhitespace(text, ref position);
            if (position >= text.Length)
            {
                throw Error(position, "unterminated dictionary");
            }

            var c = text[position++];
            if (c == '}')
            {
                return result;
            }

            if (c != ',')
            {
                throw Error(position - 1, $"expected ',' or '}}' but found '{c}'");
            }

            SkipWhitespace(text, ref position);
            if (position < text.Length && text[position] == '}')
            {
                position++;
                return result;
            }
        }
    }

    private static List<object?> ParseSequence(string text, ref int position, char close, int depth)
    {
        var result = new List<object?>();
        position++;
        while (true)
        {
            SkipWhitespace(text, ref position);
            if (position >= text.Length)
            {
                throw Error(position, "unterminated list");
            }

            if (text[position] == close)
            {
                position++;
                return result;
            }

            result.Add(ParseValue(text, ref position, depth + 1));
            SkipWhitespace(text, ref position);
            if (position >= text.Length)
            {
                throw Error(position, "unterminated list");
            }

            var c = text[position];
            if (c == ',')
            {
                position++;
            }
            else if (c != close)
            {
                throw Error(position, $"expected ',' or '{close}' but found '{c}'");
            }
        }
    }

    private static string ParseString(string text, ref int position)
    {
        var quote = text[position++];
        var builder = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw Error(position, "unterminated string");
            }

            var c = text[position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (position >= text.Length)
            {
                throw Error(position, "unterminated escape");
            }

            var e = text[position++];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case '0': builder.Append('\0'); break;
                case '\\' or '\'' or '"' or '/': builder.Append(e); break;
                case 'x': builder.Append((char)ParseHex(text, ref position, 2)); break;
                case 'u': builder.Append((char)ParseHex(text, ref position, 4)); break;
                case 'U': builder.Append(char.ConvertFromUtf32(ParseHex(text, ref position, 8))); break;
                default:
                    // Python keeps unknown escapes verbatim.
                    builder.Append('\\').Append(e);
                    break;
            }
        }
    }

    private static int ParseHex(string text, ref int position, int digits)
    {
        if (position + digits > text.Length
            || !int.TryParse(text.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(position, $"bad \\x/\\u escape (expected {digits} hex digits)");
        }

        position += digits;
        return value;
    }

    private static object ParseNumber(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] is '-' or '+' or '.' or 'e' or 'E'))
        {
            position++;
        }

        var span = text.AsSpan(start, position - start);
        if (long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        throw Error(start, $"bad number '{span}'");
    }

    private static object? ParseWord(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && char.IsAsciiLetter(text[position]))
        {
            position++;
        }

        return text.AsSpan(start, position - start) switch
        {
            "True" or "true" => true,
            "False" or "false" => false,
            "None" or "null" => null,
            "nan" or "NaN" => double.NaN,
            _ => throw Error(start, $"unexpected character '{text[start]}'"),
        };
    }

    private static void Expect(string text, ref int position, char expected)
    {
        SkipWhitespace(text, ref position);
        if (position >= text.Length || text[position] != expected)
        {
            throw Error(position, $"expected '{expected}'");
        }

        position++;
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static FormatException Error(int position, string reason) =>
        new($"{reason} at character {position + 1}");
}
