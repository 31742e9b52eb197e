using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Core
{
    /// <summary>
    /// Code inside a conditional-compilation group (<c>#if</c> … <c>#elif</c> … <c>#else</c> … <c>#endif</c>) one of whose
    /// conditions names a target-framework symbol (<c>NET</c>, <c>NET8_0_OR_GREATER</c>, <c>NETSTANDARD2_0</c>,
    /// <c>NETCOREAPP</c>, <c>NETFRAMEWORK</c>, <c>NET472</c>…): the author wrote it for some targets only, and the analyzer,
    /// which sees one target, cannot tell whether a counterpart it finds exists in every target that compiles that branch.
    /// One instance per compilation; each file's regions are read once, and only when a finding is about to be reported.
    /// </summary>
    internal sealed class TargetSpecificCode
    {
        private static readonly Regex TargetFrameworkSymbol = new Regex(
            @"^NET(COREAPP|STANDARD|FRAMEWORK)?(\d+(_\d+)*)?(_OR_GREATER)?$",
            RegexOptions.CultureInvariant);

        private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<TextSpan>> regions = new ConcurrentDictionary<SyntaxTree, ImmutableArray<TextSpan>>();

        public bool Contains(SyntaxNode node)
        {
            var tree = node.SyntaxTree;
            var spans = regions.GetOrAdd(tree, Regions);
            foreach (var span in spans)
            {
                if (span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The spans of the groups whose conditions name a target framework (from <c>#if</c> to <c>#endif</c>).</summary>
        private static ImmutableArray<TextSpan> Regions(SyntaxTree tree)
        {
            var root = tree.GetRoot();
            if (!root.ContainsDirectives)
            {
                return ImmutableArray<TextSpan>.Empty;
            }

            var result = ImmutableArray.CreateBuilder<TextSpan>();
            var open = new Stack<(int Start, bool TargetSpecific)>();
            // In document order, descending only into nodes that hold a directive (a flag of the node: no token walk).
            foreach (var trivia in root.DescendantTrivia(static n => n.ContainsDirectives))
            {
                if (!trivia.IsDirective)
                {
                    continue;
                }

                switch (trivia.GetStructure())
                {
                    case IfDirectiveTriviaSyntax ifDirective:
                        open.Push((ifDirective.SpanStart, NamesTargetFramework(ifDirective.Condition)));
                        break;
                    case ElifDirectiveTriviaSyntax elif when open.Count > 0:
                        var group = open.Pop();
                        open.Push((group.Start, group.TargetSpecific || NamesTargetFramework(elif.Condition)));
                        break;
                    case EndIfDirectiveTriviaSyntax endIf when open.Count > 0:
                        var closed = open.Pop();
                        if (closed.TargetSpecific)
                        {
                            result.Add(TextSpan.FromBounds(closed.Start, endIf.Span.End));
                        }

                        break;
                }
            }

            return result.ToImmutable();
        }

        private static bool NamesTargetFramework(ExpressionSyntax condition)
        {
            foreach (var node in condition.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax name && TargetFrameworkSymbol.IsMatch(name.Identifier.ValueText))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
