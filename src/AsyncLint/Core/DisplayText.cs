using System.Text;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>Source text for messages: one line, white space folded, long expressions shortened.</summary>
    internal static class DisplayText
    {
        private const int MaxLength = 60;

        public static string Of(SyntaxNode node) => Of(node, MaxLength);

        /// <summary>One line, white space folded, shortened to <paramref name="maxLength"/> characters.</summary>
        public static string Of(SyntaxNode node, int maxLength)
        {
            var text = node.ToString();
            var builder = new StringBuilder(text.Length);
            var lastWasSpace = false;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    if (!lastWasSpace)
                    {
                        builder.Append(' ');
                    }

                    lastWasSpace = true;
                }
                else
                {
                    builder.Append(c);
                    lastWasSpace = false;
                }
            }

            if (builder.Length > maxLength)
            {
                builder.Length = maxLength - 3;
                builder.Append("...");
            }

            return builder.ToString();
        }
    }
}
