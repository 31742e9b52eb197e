using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Core
{
    /// <summary>Source text for messages: one line, white space folded, long expressions shortened.</summary>
    internal static class DisplayText
    {
        private const int MaxLength = 60;

        public static string Of(SyntaxNode node) => Of(node.ToString(), MaxLength);

        /// <summary>One line, white space folded, shortened to <paramref name="maxLength"/> characters.</summary>
        public static string Of(SyntaxNode node, int maxLength) => Of(node.ToString(), maxLength);

        /// <summary>Source text (a piece of code that is not one node, such as <c>x?.Dispose</c>) for a message.</summary>
        public static string Of(string text) => Of(text, MaxLength);

        /// <summary>
        /// A member access or call as written, with the receiver a conditional access tests: <c>x?.Result</c> for the
        /// <c>.Result</c> of <c>x?.Result</c> (the node alone reads <c>.Result</c>), <c>a?.b?.Wait()</c>.
        /// </summary>
        public static string AsWritten(SyntaxNode node)
        {
            var start = node;
            for (var parent = node.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull.SpanStart == start.SpanStart)
                {
                    start = access;
                }
                else if (parent is StatementSyntax || parent is LambdaExpressionSyntax)
                {
                    break;
                }
            }

            return start == node ? Of(node) : Of(node.SyntaxTree.GetText().ToString(TextSpan.FromBounds(start.SpanStart, node.Span.End)));
        }

        private static string Of(string text, int maxLength)
        {
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
