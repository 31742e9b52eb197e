using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC304: <c>using (FooAsync())</c> → <c>using (await FooAsync())</c>; <c>return FooAsync(resource);</c> inside
    /// <c>using</c>/<c>try</c> → the member becomes <c>async</c> and the task is awaited inside the scope (MakeAsync
    /// rewrites the returns: <c>return await …</c>, or <c>await …;</c> in a <c>Task</c> member).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TaskEscapesScopeCodeFixProvider)), Shared]
    public sealed class TaskEscapesScopeCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.TaskEscapesScope + ".Await";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TaskEscapesScope);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => AwaitFixEngine.RegisterAsync(context, "Await the task inside its scope", EquivalenceKey, Rewrite);

        /// <summary>A returned task is awaited by MakeAsync's rewrite of the returns; a using resource is awaited here.</summary>
        private static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
            => TaskEscapesScopeFix.From(diagnostic.Properties) is null
                ? null
                : target is ExpressionSyntax expression && !(target.Parent is ReturnStatementSyntax || target.Parent is ArrowExpressionClauseSyntax)
                    ? AwaitExpressions.Await(expression)
                    : target;
    }
}
