using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// Members of the compilation that only ever hand out completed tasks: a method or property whose every return is
    /// <c>Task.FromResult(…)</c>, <c>Task.CompletedTask</c>, <c>Task.FromException(…)</c>, <c>default</c> (a ValueTask)
    /// or a cached task (a <c>static readonly</c> field initialized with one of those), and such fields themselves; a
    /// <c>null</c> return holds no task to wait for.
    /// Reading the result of what they return cannot block. Read from the declaration's syntax (it may be in another
    /// file), only for members no override can replace; one answer per member and compilation (reach it through
    /// <see cref="CompilationContext.CompletedTasks"/>).
    /// </summary>
    internal sealed class CompletedTaskMembers
    {
        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<ISymbol, bool> _cache = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        internal CompletedTaskMembers(KnownTypes types)
        {
            _types = types;
        }

        public bool HandsOutOnlyCompletedTasks(ISymbol member)
        {
            // Cheap first: only source members that hand out a task can qualify.
            if (member.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            var type = member switch
            {
                IMethodSymbol method => method.ReturnType,
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            if (!_types.IsTaskOrValueTask(type))
            {
                return false;
            }

            return _cache.TryGetValue(member.OriginalDefinition, out var known) ? known : _cache.GetOrAdd(member.OriginalDefinition, Compute);
        }

        private bool Compute(ISymbol member)
        {
            if (member.IsAbstract || member.IsVirtual || member.IsExtern || (member.IsOverride && !member.IsSealed && !member.ContainingType.IsSealed))
            {
                return false; // another implementation may run instead
            }

            switch (member)
            {
                case IFieldSymbol field:
                    return field.IsStatic && field.IsReadOnly && IsCompletedFieldSyntax(field);
                case IMethodSymbol { IsAsync: false, MethodKind: MethodKind.Ordinary } method:
                    return AllReturnsComplete(method);
                case IPropertySymbol { GetMethod: { } getter }:
                    return AllReturnsComplete(getter);
                default:
                    return false;
            }
        }

        /// <summary>Every return is a completed (or cached, or null) task: the body's syntax, as <see cref="FunctionBodies"/> reads it.</summary>
        private bool AllReturnsComplete(IMethodSymbol method)
        {
            var any = false;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var (block, arrow) = reference.GetSyntax() switch
                {
                    BaseMethodDeclarationSyntax declaration => (declaration.Body, declaration.ExpressionBody),
                    PropertyDeclarationSyntax property => ((BlockSyntax?)null, property.ExpressionBody),
                    AccessorDeclarationSyntax accessor => (accessor.Body, accessor.ExpressionBody),
                    ArrowExpressionClauseSyntax expression => ((BlockSyntax?)null, expression),
                    _ => ((BlockSyntax?)null, (ArrowExpressionClauseSyntax?)null),
                };
                if (!FunctionBodies.ReturnsOnlyCompletedTasks(block, arrow, faultedToo: true, name => IsCachedTaskField(method.ContainingType, name)))
                {
                    return false;
                }

                any = true;
            }

            return any;
        }

        private bool IsCachedTaskField(INamedTypeSymbol containingType, string name)
        {
            foreach (var candidate in containingType.GetMembers(name))
            {
                if (candidate is IFieldSymbol field)
                {
                    return HandsOutOnlyCompletedTasks(field);
                }
            }

            return false;
        }

        private bool IsCompletedFieldSyntax(IFieldSymbol field)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value }
                    || value is LiteralExpressionSyntax
                    || !FunctionBodies.IsCompletedTaskSyntax(value, faultedToo: true))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
