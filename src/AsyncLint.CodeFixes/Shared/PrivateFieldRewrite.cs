using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// What the fixes that change a private field's type share (a one-shot signal → TaskCompletionSource, a lock →
    /// SemaphoreSlim): the field must be declared alone, in this document, in a type declared once, so that every use of
    /// it is in the document the fix rewrites.
    /// </summary>
    internal static class PrivateFieldRewrite
    {
        /// <summary>The field's declarator when the field is private, declared alone and only in this document's one type declaration; else null.</summary>
        public static async Task<VariableDeclaratorSyntax?> SoleDeclaratorAsync(IFieldSymbol field, SyntaxNode root, CancellationToken cancellationToken)
        {
            if (field.DeclaredAccessibility != Accessibility.Private
                || field.DeclaringSyntaxReferences.Length != 1
                || field.ContainingType.DeclaringSyntaxReferences.Length != 1
                || await field.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not VariableDeclaratorSyntax declarator
                || declarator.SyntaxTree != root.SyntaxTree
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 })
            {
                return null;
            }

            return declarator;
        }

        /// <summary>Each reference to the field in the document: its name, or <c>this.name</c> as a whole.</summary>
        public static IEnumerable<ExpressionSyntax> References(SyntaxNode root, SemanticModel model, IFieldSymbol field, CancellationToken cancellationToken)
        {
            foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText == field.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, field))
                {
                    yield return name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name ? self : name;
                }
            }
        }

        /// <summary>Fix All: each field a diagnostic points at, converted once, each found again in the document the previous one changed.</summary>
        public static async Task<Document> ConvertEachAsync(
            Document document,
            IEnumerable<Diagnostic> diagnostics,
            Func<SyntaxNode, SemanticModel, Diagnostic, CancellationToken, IFieldSymbol?> fieldOf,
            Func<Document, SyntaxNode, SemanticModel, IFieldSymbol, CancellationToken, Task<Document?>> convert,
            CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var names = diagnostics
                .Select(d => fieldOf(root, model, d, cancellationToken)?.Name)
                .OfType<string>()
                .Distinct()
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
            foreach (var name in names)
            {
                var currentModel = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
                var currentRoot = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                var field = currentRoot.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                    .Select(v => currentModel.GetDeclaredSymbol(v, cancellationToken))
                    .OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.Name == name);
                if (field != null && await convert(document, currentRoot, currentModel, field, cancellationToken).ConfigureAwait(false) is { } changed)
                {
                    document = changed;
                }
            }

            return document;
        }
    }
}
