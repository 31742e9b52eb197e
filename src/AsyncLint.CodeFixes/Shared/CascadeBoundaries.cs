using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>What the cascade does with a synchronous member that calls (or is) a member it makes async.</summary>
    internal enum CascadeRole
    {
        /// <summary>Becomes <c>async Task</c>/<c>Task&lt;T&gt;</c>, renamed with the Async suffix; its callers are updated in turn.</summary>
        Convert,

        /// <summary>Becomes async keeping its name, and its callers do not change: an event handler (<c>async void</c>), a test method or <c>Main</c> (<c>async Task</c>).</summary>
        ConvertInPlace,

        /// <summary>Keeps its synchronous signature and blocks explicitly on the new async member: the boundary the cascade stops at.</summary>
        Stop,

        /// <summary>The cascade cannot be computed safely through it: no action at all.</summary>
        Unsafe,
    }

    /// <summary>What became of one member, and why (the reason goes into the action's title).</summary>
    internal sealed class CascadeDecision
    {
        private CascadeDecision(CascadeRole role, string? reason, string? conversion = null, string? newName = null, bool wrapper = false, IReadOnlyList<IMethodSymbol>? hierarchy = null)
        {
            Role = role;
            Reason = reason;
            Conversion = conversion;
            NewName = newName;
            Wrapper = wrapper;
            Hierarchy = hierarchy ?? Array.Empty<IMethodSymbol>();
        }

        public CascadeRole Role { get; }

        /// <summary>For a stop or an unsafe member: what it is, as the title says it ("property 'Title'").</summary>
        public string? Reason { get; }

        /// <summary>For <see cref="CascadeRole.ConvertInPlace"/>: <see cref="SyncToAsyncConversion.EventHandler"/>, <see cref="SyncToAsyncConversion.TestMethod"/> or <see cref="EntryPoint"/>.</summary>
        public string? Conversion { get; }

        /// <summary>The new name (Load → LoadAsync), or null to keep it.</summary>
        public string? NewName { get; }

        /// <summary>Public API of a library, converted under the option: the synchronous member stays as an [Obsolete] wrapper.</summary>
        public bool Wrapper { get; }

        /// <summary>The other members of its override/implementation hierarchy, converted with it (empty when it has none).</summary>
        public IReadOnlyList<IMethodSymbol> Hierarchy { get; }

        public const string EntryPoint = "EntryPoint";

        public static CascadeDecision Convert(string? newName, bool wrapper = false, IReadOnlyList<IMethodSymbol>? hierarchy = null)
            => new CascadeDecision(CascadeRole.Convert, null, newName: newName, wrapper: wrapper, hierarchy: hierarchy);

        public static CascadeDecision InPlace(string conversion) => new CascadeDecision(CascadeRole.ConvertInPlace, null, conversion);

        public static CascadeDecision Stop(string reason) => new CascadeDecision(CascadeRole.Stop, reason);

        public static CascadeDecision Unsafe(string reason) => new CascadeDecision(CascadeRole.Unsafe, reason);
    }

    /// <summary>
    /// Every boundary decision of the make-async cascade, in one place. A synchronous member the cascade reaches is
    /// converted unless it is a contract it must not change or cannot change safely:
    /// <list type="bullet">
    /// <item>property and event accessors, constructors, finalizers, operators, <c>Dispose</c>: stop (the language or
    /// the interface makes them synchronous);</item>
    /// <item>public or protected API of a library (another assembly may call it): stop, or with
    /// <c>asynclint.ASYNC104.keep_obsolete_sync_wrapper = true</c> convert and keep the synchronous member as an
    /// [Obsolete] wrapper that blocks on the new one;</item>
    /// <item>an override or interface implementation: the whole hierarchy converts when every member of it is in the
    /// solution; otherwise stop;</item>
    /// <item>a member with an attribute the cascade does not know (a framework may call it by reflection) or with an
    /// async counterpart already (<c>LoadAsync</c> beside <c>Load</c>: the synchronous API is deliberate): stop;</item>
    /// <item>an event handler becomes <c>async void</c>, a test method <c>async Task</c>, <c>Main</c> <c>async Task Main</c>,
    /// with their names (nothing calls them but the framework; one that is also called directly stops);</item>
    /// <item>ref/out/in parameters, an iterator, a ref struct local, a struct's instance member, a partial or extern
    /// member, generated code, a name that would clash after the rename: unsafe, no action.</item>
    /// </list>
    /// </summary>
    internal static class CascadeBoundaries
    {
        /// <summary>Attributes that do not make a member a reflection-visible contract.</summary>
        private static readonly string[] KnownAttributeNamespaces =
        {
            "System.Diagnostics", "System.Diagnostics.CodeAnalysis", "System.Runtime.CompilerServices", "System.ComponentModel",
            "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Http",
        };

        private static readonly string[] KnownAttributeNames = { "ObsoleteAttribute", "CLSCompliantAttribute" };

        /// <summary>The role of a synchronous method or local function that must become async for the cascade to go on.</summary>
        public static async Task<CascadeDecision> ClassifyAsync(IMethodSymbol method, SyntaxNode declaration, SemanticModel model, Solution solution, bool keepObsoleteWrapper, CancellationToken cancellationToken)
        {
            var context = CompilationContext.TryGet(model.Compilation);
            if (context is null)
            {
                return CascadeDecision.Unsafe("no Task type");
            }

            var types = context.Types;
            switch (method.MethodKind)
            {
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                    return CascadeDecision.Stop("property '" + method.AssociatedSymbol?.Name + "'");
                case MethodKind.EventAdd:
                case MethodKind.EventRemove:
                case MethodKind.EventRaise:
                    return CascadeDecision.Stop("event accessor '" + method.AssociatedSymbol?.Name + "'");
                case MethodKind.Constructor:
                case MethodKind.StaticConstructor:
                    return CascadeDecision.Stop("constructor of '" + method.ContainingType.Name + "'");
                case MethodKind.Destructor:
                    return CascadeDecision.Stop("finalizer of '" + method.ContainingType.Name + "'");
                case MethodKind.UserDefinedOperator:
                case MethodKind.Conversion:
                    return CascadeDecision.Stop("operator of '" + method.ContainingType.Name + "'");
                case MethodKind.Ordinary:
                case MethodKind.LocalFunction:
                case MethodKind.ExplicitInterfaceImplementation:
                    break;
                default:
                    return CascadeDecision.Unsafe("'" + method.Name + "'");
            }

            if (method.Name == "Dispose" && method.ReturnsVoid && method.Parameters.Length <= 1)
            {
                return CascadeDecision.Stop("'Dispose' (add IAsyncDisposable)");
            }

            if (AsyncFunctionSyntax.Body(declaration) is not { } body
                || method.IsExtern
                || method.PartialDefinitionPart != null
                || method.PartialImplementationPart != null)
            {
                return method.IsAbstract ? CascadeDecision.Convert(NewName(method)) : CascadeDecision.Unsafe("'" + method.Name + "' (no body to change)");
            }

            if (method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType)
                || method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType || method.ReturnType is IPointerTypeSymbol
                || (method.ContainingType.IsValueType && !method.IsStatic && method.MethodKind != MethodKind.LocalFunction))
            {
                return CascadeDecision.Unsafe("'" + method.Name + "' (ref/out parameters, a ref return or a struct's instance member cannot be async)");
            }

            if (IsIteratorOrHasRefStructLocal(body, model, cancellationToken))
            {
                return CascadeDecision.Unsafe("'" + method.Name + "' (an iterator or a ref struct local)");
            }

            if (SyncToAsyncConversion.IsEntryPointLike(method) && method.MethodKind == MethodKind.Ordinary
                && (method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Int32))
            {
                return await IsCalledAsync(method, solution, cancellationToken).ConfigureAwait(false)
                    ? CascadeDecision.Stop("'Main' (also called directly)")
                    : CascadeDecision.InPlace(CascadeDecision.EntryPoint);
            }

            var conversion = SyncToAsyncConversion.For(new EnclosingFunction(method, null, false, false, false), types);
            if (conversion != null)
            {
                return await IsCalledAsync(method, solution, cancellationToken).ConfigureAwait(false)
                    ? CascadeDecision.Stop("'" + method.Name + "' (an event handler or test that is also called directly)")
                    : CascadeDecision.InPlace(conversion);
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                var localName = NewName(method);
                return localName != null && ContainingMember(declaration) is { } container && container.DescendantTokens().Any(t => t.ValueText == localName)
                    ? CascadeDecision.Unsafe("'" + method.Name + "' ('" + localName + "' is taken)")
                    : CascadeDecision.Convert(localName);
            }

            if (solution.GetDocument(model.SyntaxTree) is { } document
                && CallsBlockingCodeWhereAwaitCannotStand(body, model, BlockingChains.For(context, document.Project.AnalyzerOptions), cancellationToken))
            {
                return CascadeDecision.Stop("'" + method.Name + "' (it calls blocking code inside a lock, an unsafe block, a catch filter or a query)");
            }

            if (UnknownAttribute(method) is { } attribute)
            {
                return CascadeDecision.Stop("'" + method.Name + "' ([" + attribute + "]: a framework may call it by reflection)");
            }

            var newName = NewName(method);
            if (newName != null && AsyncCounterparts.DeclaredTwin(method, newName, types) is { } counterpart)
            {
                return CascadeDecision.Stop("'" + method.Name + "' (its async counterpart '" + counterpart.Name + "' exists)");
            }

            var hierarchy = await HierarchyAsync(method, solution, cancellationToken).ConfigureAwait(false);
            if (hierarchy is null)
            {
                return CascadeDecision.Stop("'" + method.Name + "' (" + ContractText(method) + " outside the solution)");
            }

            var library = IsLibrary(solution, method);
            if (hierarchy.Any(m => library && IsVisibleOutsideAssembly(m)))
            {
                if (hierarchy.Count > 1 || !keepObsoleteWrapper)
                {
                    return CascadeDecision.Stop("public API '" + method.Name + "'");
                }

                return NameClash(method, newName, hierarchy) is { } wrapperClash
                    ? CascadeDecision.Unsafe("'" + method.Name + "' ('" + wrapperClash + "' would clash)")
                    : CascadeDecision.Convert(newName, wrapper: true);
            }

            if (NameClash(method, newName, hierarchy) is { } clash)
            {
                return CascadeDecision.Unsafe("'" + method.Name + "' ('" + clash + "' would clash after the rename)");
            }

            return CascadeDecision.Convert(newName, hierarchy: hierarchy.Where(m => !SymbolEqualityComparer.Default.Equals(m, method.OriginalDefinition)).ToList());
        }

        /// <summary>Load → LoadAsync; null when the name already ends in Async.</summary>
        public static string? NewName(IMethodSymbol method)
            => method.Name.EndsWith("Async", StringComparison.Ordinal) ? null : method.Name + "Async";

        /// <summary>
        /// The members of <paramref name="method"/>'s override/implementation hierarchy (itself included), or null when a
        /// member of it is not source of this solution (an interface or base class the cascade cannot change).
        /// </summary>
        public static async Task<IReadOnlyList<IMethodSymbol>?> HierarchyAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            var members = new List<IMethodSymbol>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var pending = new Queue<IMethodSymbol>();
            pending.Enqueue(method.OriginalDefinition);
            while (pending.Count > 0)
            {
                var current = pending.Dequeue();
                if (!seen.Add(current))
                {
                    continue;
                }

                if (!IsInSolution(current, solution))
                {
                    return null;
                }

                members.Add(current);
                if (current.OverriddenMethod is { } overridden)
                {
                    pending.Enqueue(overridden.OriginalDefinition);
                }

                foreach (var implemented in await SymbolFinder.FindImplementedInterfaceMembersAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    pending.Enqueue((IMethodSymbol)implemented.OriginalDefinition);
                }

                if (current.IsVirtual || current.IsAbstract || current.IsOverride)
                {
                    foreach (var derived in await SymbolFinder.FindOverridesAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        pending.Enqueue((IMethodSymbol)derived.OriginalDefinition);
                    }
                }

                if (current.ContainingType.TypeKind == TypeKind.Interface)
                {
                    foreach (var implementation in await SymbolFinder.FindImplementationsAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        pending.Enqueue((IMethodSymbol)implementation.OriginalDefinition);
                    }
                }
            }

            members.Sort((a, b) => string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
            return members;
        }

        /// <summary>Declared in a source document of a project of <paramref name="solution"/>.</summary>
        public static bool IsInSolution(ISymbol symbol, Solution solution)
            => symbol.Locations.Length > 0 && symbol.Locations.All(l => l.IsInSource && solution.GetDocument(l.SourceTree) is { } document && document is not SourceGeneratedDocument);

        /// <summary>The project that declares the member builds a library (its public API may have callers outside the solution).</summary>
        private static bool IsLibrary(Solution solution, IMethodSymbol method)
        {
            var tree = method.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
            var project = tree is null ? null : solution.GetDocument(tree)?.Project;
            return project?.CompilationOptions?.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule;
        }

        /// <summary>Public or protected all the way out: another assembly can call (or override) it.</summary>
        public static bool IsVisibleOutsideAssembly(ISymbol symbol)
        {
            for (var current = symbol; current != null && current.Kind != SymbolKind.Namespace; current = current.ContainingType)
            {
                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                        break;
                    case Accessibility.Protected:
                    case Accessibility.ProtectedOrInternal:
                        if (current.ContainingType is { IsSealed: true })
                        {
                            return false;
                        }

                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>A member of the new name anywhere it could change what a call binds to: the types of the hierarchy, their bases and derived types.</summary>
        private static string? NameClash(IMethodSymbol method, string? newName, IReadOnlyList<IMethodSymbol> hierarchy)
        {
            if (newName is null)
            {
                return null;
            }

            foreach (var member in hierarchy.Append(method))
            {
                for (var type = member.ContainingType; type != null; type = type.BaseType)
                {
                    if (!type.GetMembers(newName).IsEmpty)
                    {
                        return newName;
                    }
                }

                foreach (var implemented in member.ContainingType.AllInterfaces)
                {
                    if (!implemented.GetMembers(newName).IsEmpty)
                    {
                        return newName;
                    }
                }
            }

            return null;
        }

        private static string? UnknownAttribute(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null || Array.IndexOf(KnownAttributeNames, attributeClass.Name) >= 0)
                {
                    continue;
                }

                var ns = attributeClass.ContainingNamespace?.ToDisplayString() ?? string.Empty;
                if (!KnownAttributeNamespaces.Any(known => ns == known || ns.StartsWith(known + ".", StringComparison.Ordinal)))
                {
                    var name = attributeClass.Name;
                    return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
                }
            }

            return null;
        }

        private static string ContractText(IMethodSymbol method)
            => method.IsOverride ? "overrides a member declared" : "implements an interface member declared";

        /// <summary>Whether anything in the solution invokes <paramref name="method"/> (beyond naming it as a method group).</summary>
        private static async Task<bool> IsCalledAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    if (root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is { } node && CascadeSyntax.InvocationOf(node, out _) != null)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A call, where no await may stand, of a synchronous method that blocks: the cascade may reach that method, and
        /// the caller could then not await it. Deciding it here, for the member as a whole, keeps the decision the same
        /// whichever call reaches the member first.
        /// </summary>
        private static bool CallsBlockingCodeWhereAwaitCannotStand(SyntaxNode body, SemanticModel model, BlockingChains chains, CancellationToken cancellationToken)
        {
            foreach (var invocation in body.DescendantNodes(n => !AsyncFunctionSyntax.IsFunction(n)).OfType<InvocationExpressionSyntax>())
            {
                if (!AsyncFunctionSyntax.CanAwaitAt(invocation)
                    && model.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                    && chains.Below(call, cancellationToken) != null)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsIteratorOrHasRefStructLocal(SyntaxNode body, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodesAndSelf(n => !AsyncFunctionSyntax.IsFunction(n) || n == body))
            {
                switch (node)
                {
                    case YieldStatementSyntax:
                    case StackAllocArrayCreationExpressionSyntax:
                    case ImplicitStackAllocArrayCreationExpressionSyntax:
                    case RefTypeSyntax:
                    case UnsafeStatementSyntax:
                    case FixedStatementSyntax:
                        return true;
                    case VariableDeclarationSyntax declaration when model.GetTypeInfo(declaration.Type, cancellationToken).Type is { IsRefLikeType: true }:
                        return true;
                }
            }

            return false;
        }

        private static SyntaxNode? ContainingMember(SyntaxNode node)
            => node.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax);
    }
}
