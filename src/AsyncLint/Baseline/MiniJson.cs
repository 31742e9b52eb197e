using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AsyncLint.Baseline
{
    /// <summary>
    /// A small JSON reader and string writer for the baseline file and the compiler's SARIF log. Compiled into the
    /// analyzer (netstandard2.0, no System.Text.Json) and into the MSBuild task, so both read the files the same way.
    /// Objects become <see cref="Dictionary{TKey, TValue}"/>, arrays <see cref="List{T}"/>, numbers <see cref="double"/>.
    /// </summary>
    internal static class MiniJson
    {
        /// <summary>Parses <paramref name="text"/>; on malformed input returns false with the 1-based line of the problem.</summary>
        public static bool TryParse(string text, out object? value, out string? error)
        {
            var reader = new Reader(text);
            try
            {
                reader.SkipWhitespace();
                value = reader.ReadValue();
                reader.SkipWhitespace();
                if (!reader.AtEnd)
                {
                    throw reader.Error("unexpected text after the end of the document");
                }

                error = null;
                return true;
            }
            catch (FormatException e)
            {
                value = null;
                error = e.Message;
                return false;
            }
        }

        /// <summary>A JSON string literal, quotes included.</summary>
        public static string Quote(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }

        public static string? String(Dictionary<string, object?> obj, string name) => obj.TryGetValue(name, out var v) ? v as string : null;

        public static List<object?>? Array(Dictionary<string, object?>? obj, string name) => obj != null && obj.TryGetValue(name, out var v) ? v as List<object?> : null;

        public static Dictionary<string, object?>? Object(Dictionary<string, object?>? obj, string name) => obj != null && obj.TryGetValue(name, out var v) ? v as Dictionary<string, object?> : null;

        public static int? Int(Dictionary<string, object?>? obj, string name)
            => obj != null && obj.TryGetValue(name, out var v) && v is double d && d >= 0 && d <= int.MaxValue && Math.Floor(d) == d ? (int)d : (int?)null;

        private sealed class Reader
        {
            private readonly string _text;
            private int _position;

            public Reader(string text) => _text = text;

            public bool AtEnd => _position >= _text.Length;

            public FormatException Error(string message)
            {
                var line = 1;
                for (var i = 0; i < _position && i < _text.Length; i++)
                {
                    if (_text[i] == '\n')
                    {
                        line++;
                    }
                }

                return new FormatException("line " + line.ToString(CultureInfo.InvariantCulture) + ": " + message);
            }

            public void SkipWhitespace()
            {
                while (_position < _text.Length && (_text[_position] == ' ' || _text[_position] == '\t' || _text[_position] == '\r' || _text[_position] == '\n' || _text[_position] == '\uFEFF'))
                {
                    _position++;
                }
            }

            public object? ReadValue()
            {
                if (AtEnd)
                {
                    throw Error("unexpected end of the document");
                }

                switch (_text[_position])
                {
                    case '{': return ReadObject();
                    case '[': return ReadArray();
                    case '"': return ReadString();
                    case 't': return ReadWord("true", true);
                    case 'f': return ReadWord("false", false);
                    case 'n': return ReadWord("null", null);
                    default: return ReadNumber();
                }
            }

            private Dictionary<string, object?> ReadObject()
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                _position++;
                SkipWhitespace();
                if (Peek('}'))
                {
                    _position++;
                    return result;
                }

                while (true)
                {
                    SkipWhitespace();
                    if (!Peek('"'))
                    {
                        throw Error("expected a property name in quotes");
                    }

                    var name = ReadString();
                    SkipWhitespace();
                    Expect(':');
                    SkipWhitespace();
                    result[name] = ReadValue();
                    SkipWhitespace();
                    if (Peek(','))
                    {
                        _position++;
                        continue;
                    }

                    Expect('}');
                    return result;
                }
            }

            private List<object?> ReadArray()
            {
                var result = new List<object?>();
                _position++;
                SkipWhitespace();
                if (Peek(']'))
                {
                    _position++;
                    return result;
                }

                while (true)
                {
                    SkipWhitespace();
                    result.Add(ReadValue());
                    SkipWhitespace();
                    if (Peek(','))
                    {
                        _position++;
                        continue;
                    }

                    Expect(']');
                    return result;
                }
            }

            private string ReadString()
            {
                _position++;
                var builder = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("unterminated string");
                    }

                    var c = _text[_position++];
                    if (c == '"')
                    {
                        return builder.ToString();
                    }

                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }

                    if (AtEnd)
                    {
                        throw Error("unterminated escape");
                    }

                    var escaped = _text[_position++];
                    switch (escaped)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (_position + 4 > _text.Length
                                || !int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Error("bad \\u escape");
                            }

                            builder.Append((char)code);
                            _position += 4;
                            break;
                        default:
                            throw Error("bad escape '\\" + escaped + "'");
                    }
                }
            }

            private object? ReadWord(string word, object? value)
            {
                if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
                {
                    throw Error("unexpected character '" + _text[_position] + "'");
                }

                _position += word.Length;
                return value;
            }

            private double ReadNumber()
            {
                var start = _position;
                while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
                {
                    _position++;
                }

                if (_position == start
                    || !double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    _position = start;
                    throw Error("unexpected character '" + _text[start] + "'");
                }

                return number;
            }

            private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

            private void Expect(char c)
            {
                if (!Peek(c))
                {
                    throw Error("expected '" + c + "'");
                }

                _position++;
            }
        }
    }
}
