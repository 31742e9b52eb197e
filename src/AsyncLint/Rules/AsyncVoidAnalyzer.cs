using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using AsyncLint.Core;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC301: an <c>async void</c> method or local function that is not an event handler. Whether a method is used as
    /// a delegate (<c>x.Changed += OnChanged</c>, <c>new Timer(OnTick)</c>) is a question about the whole type, so the
    /// analysis runs per type (symbol start → operations → symbol end); a non-private method subscribed from another
    /// type is recognized by a name index of the compilation's <c>+=</c> subscriptions, built once and only when needed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncVoidAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncVoid);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var shared = CompilationContext.TryGet(start.Compilation);
                if (shared is null)
                {
                    return;
                }

                var types = shared.Types;

                var subscriptions = new SubscriptionNameIndex(start.Compilation);
                var owners = new ConcurrentDictionary<SyntaxTree, ImmutableHashSet<(TextSpan Span, int Kind)>>();
                start.RegisterSymbolStartAction(symbolStart =>
                {
                    var type = (INamedTypeSymbol)symbolStart.Symbol;
                    if (!DeclaresAsyncVoid(type, owners, symbolStart.CancellationToken))
                    {
                        return; // most types: no operation callbacks at all
                    }

                    var uses = new TypeUses(type);
                    symbolStart.RegisterOperationAction(c => uses.RecordMethodReference((IMethodReferenceOperation)c.Operation, types), OperationKind.MethodReference);
                    symbolStart.RegisterOperationAction(c => uses.RecordLocalFunction((ILocalFunctionOperation)c.Operation), OperationKind.LocalFunction);
                    symbolStart.RegisterSymbolEndAction(c => ReportType(c, type, uses, types, subscriptions));
                }, SymbolKind.NamedType);
            });
        }

        /// <summary>
        /// Cheap syntax pre-filter: a method or local function declared <c>async</c> with a <c>void</c> return type, in the
        /// type's own code (not in a nested type's, not inside an expression such as a lambda). Each file is read once:
        /// the declarations that own such a method, found from the occurrences of "async" in its text.
        /// </summary>
        private static bool DeclaresAsyncVoid(INamedTypeSymbol type, ConcurrentDictionary<SyntaxTree, ImmutableHashSet<(TextSpan Span, int Kind)>> owners, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var inTree = owners.GetOrAdd(reference.SyntaxTree, tree => AsyncVoidOwners(tree, cancellationToken));
                if (inTree.Count > 0 && reference.GetSyntax(cancellationToken) is { } declaration && inTree.Contains((declaration.Span, declaration.RawKind)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type declarations (or the compilation unit, for top-level code) whose own code declares an async void function.</summary>
        private static ImmutableHashSet<(TextSpan Span, int Kind)> AsyncVoidOwners(SyntaxTree tree, CancellationToken cancellationToken)
        {
            // The text of a file is held as a string: ToString() hands it out, IndexOf finds the keyword, and only the
            // tokens where it occurs are looked at.
            var text = tree.GetText(cancellationToken).ToString();
            SyntaxNode? root = null;
            var found = ImmutableHashSet<(TextSpan Span, int Kind)>.Empty;
            for (var at = text.IndexOf("async", StringComparison.Ordinal); at >= 0; at = text.IndexOf("async", at + "async".Length, StringComparison.Ordinal))
            {
                root ??= tree.GetRoot(cancellationToken);
                var token = root.FindToken(at);
                if (token.SpanStart != at || !token.IsKind(SyntaxKind.AsyncKeyword))
                {
                    continue;
                }

                var declares = token.Parent switch
                {
                    MethodDeclarationSyntax method => IsAsyncVoid(method.Modifiers, method.ReturnType),
                    LocalFunctionStatementSyntax local => IsAsyncVoid(local.Modifiers, local.ReturnType),
                    _ => false,
                };
                if (declares && Owner(token.Parent!) is { } owner)
                {
                    found = found.Add((owner.Span, owner.RawKind));
                }
            }

            return found;
        }

        /// <summary>The declaration whose own code <paramref name="function"/> is: the nearest type declaration, or the compilation unit; none inside an expression.</summary>
        private static SyntaxNode? Owner(SyntaxNode function)
        {
            for (var node = function.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case BaseTypeDeclarationSyntax or CompilationUnitSyntax:
                        return node;
                    case ExpressionSyntax:
                        return null;
                }
            }

            return null;
        }

        private static bool IsAsyncVoid(SyntaxTokenList modifiers, TypeSyntax returnType)
            => returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword) && modifiers.Any(SyntaxKind.AsyncKeyword);

        private static void ReportType(SymbolAnalysisContext context, INamedTypeSymbol type, TypeUses uses, KnownTypes types, SubscriptionNameIndex subscriptions)
        {
            foreach (var member in type.GetMembers())
            {
                // A partial method is a member by its defining declaration; 'async' is on the implementing one.
                if (member is IMethodSymbol { ReturnsVoid: true, MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method
                    && (method.PartialImplementationPart ?? method).IsAsync)
                {
                    Analyze(context, method, uses, types, subscriptions);
                }
            }

            foreach (var local in uses.LocalFunctions)
            {
                Analyze(context, local, uses, types, subscriptions);
            }
        }

        private static void Analyze(SymbolAnalysisContext context, IMethodSymbol method, TypeUses uses, KnownTypes types, SubscriptionNameIndex subscriptions)
        {
            var implementation = method.PartialImplementationPart ?? method;
            var location = implementation.Locations.FirstOrDefaultSafe();
            if (location?.SourceTree is null)
            {
                return;
            }

            // The crash async void risks is handled when the whole body catches everything; what remains is only that
            // callers cannot await it, which matters only where the signature is the method's own to change.
            var guarded = CatchesEverything(implementation, context.CancellationToken);

            var kind = method.MethodKind == MethodKind.LocalFunction ? "local function '" : "method '";
            uses.Delegates.TryGetValue(method, out var delegateUse);
            if (delegateUse.IsUnknown)
            {
                return;
            }

            var isHandler = types.IsEventHandlerShape(method)
                || delegateUse.IsEvent
                || (method.MethodKind != MethodKind.LocalFunction
                    && method.DeclaredAccessibility != Accessibility.Private
                    && delegateUse.DelegateType is null
                    && subscriptions.Contains(method.Name, context.CancellationToken));
            if (isHandler)
            {
                if (!guarded && AsyncLintOptions.FlagEventHandlers.GetValue(context.Options, location.SourceTree))
                {
                    Report(context, location, "event handler '" + method.Name + "'", "an exception it throws crashes the process; catch exceptions inside the handler", fix: null);
                }

                return;
            }

            var contract = SignatureContracts.ContractMember(method);
            if ((contract != null || delegateUse.DelegateType != null)
                && (guarded || GuardedAwaits.AwaitedWorkCatchesFaults(implementation, context.Compilation, context.CancellationToken)))
            {
                return; // void is forced on it, and the failures of its asynchronous work are handled
            }

            if (contract != null)
            {
                Report(
                    context,
                    location,
                    kind + method.Name + "'",
                    "the contract of '" + contract.ContainingType.Name + "." + contract.Name + "' forces void; move the body into an 'async Task' method and catch its exceptions here",
                    CatchInside(implementation, context.CancellationToken));
                return;
            }

            if (delegateUse.DelegateType is { } delegateType)
            {
                Report(
                    context,
                    location,
                    kind + method.Name + "'",
                    "it is used as a '" + delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here",
                    IsFireAndForgetDelegate(delegateType) ? CatchInside(implementation, context.CancellationToken) : null);
                return;
            }

            if (HasUnboundMethodGroupUse(method, context.CancellationToken))
            {
                return;
            }

            var fixable = !method.IsVirtual && !method.IsAbstract && !method.IsExtern && !method.IsPartialDefinition && method.PartialDefinitionPart is null;
            var consequence = guarded
                ? "callers cannot await it or know when it has finished"
                : "callers cannot await it and an exception it throws crashes the process";
            Report(context, location, kind + method.Name + "'", consequence + "; return 'Task' instead", fixable ? AsyncVoidFix.ReturnTask : null);
        }

        /// <summary>
        /// A timer's callback or a thread's start: nothing waits for it by design. Whoever calls another delegate (an
        /// <c>Action</c> given to the user's own code) may count on the work being done when it returns, which a catch
        /// inside would not give.
        /// </summary>
        private static bool IsFireAndForgetDelegate(ITypeSymbol delegateType)
            => delegateType.Name is "TimerCallback" or "ThreadStart" or "ParameterizedThreadStart"
               && delegateType.ContainingNamespace?.ToDisplayString() == "System.Threading";

        /// <summary>
        /// Where void is forced, the body catches and traces its own exceptions (what <see cref="CatchesEverything"/> reads as
        /// handled): for a method or local function with a body, given a name for the exception that nothing in it uses.
        /// </summary>
        private static AsyncVoidFix? CatchInside(IMethodSymbol implementation, CancellationToken cancellationToken)
        {
            if (implementation.IsExtern || implementation.IsAbstract || implementation.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = implementation.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            var hasBody = declaration switch
            {
                MethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                LocalFunctionStatementSyntax l => l.Body != null || l.ExpressionBody != null,
                _ => false,
            };
            if (!hasBody)
            {
                return null;
            }

            foreach (var name in new[] { "ex", "exception" })
            {
                if (!FunctionBodies.UsesName(declaration, name))
                {
                    return AsyncVoidFix.CatchInside(name);
                }
            }

            return null;
        }

        private static bool CatchesEverything(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax(cancellationToken))
                {
                    case MethodDeclarationSyntax declaration:
                        return FunctionBodies.CatchesEverything(declaration.Body);
                    case LocalFunctionStatementSyntax local:
                        return FunctionBodies.CatchesEverything(local.Body);
                }
            }

            return false;
        }

        /// <summary>
        /// Half-typed code (<c>lifetime.ApplicationStopping.Register(OnStopping)</c> with a type still unresolved) yields
        /// no method-reference operation: look in the declaring type's syntax for the name used other than in a call.
        /// </summary>
        private static bool HasUnboundMethodGroupUse(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var scope = method.MethodKind == MethodKind.LocalFunction ? method.ContainingSymbol : method.ContainingType;
            foreach (var reference in scope.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier
                        && identifier.Identifier.ValueText == method.Name
                        && !IsInvoked(identifier)
                        && identifier.Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsInvoked(ExpressionSyntax name)
        {
            var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression;
        }

        private static void Report(SymbolAnalysisContext context, Location location, string what, string remedy, AsyncVoidFix? fix)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.AsyncVoid,
                location,
                additionalLocations: null,
                properties: fix?.ToProperties(),
                what,
                remedy));
        }

        /// <summary>How a method of the type is used as a delegate: subscribed to an event, or converted to some delegate type.</summary>
        private readonly struct DelegateUse
        {
            public DelegateUse(bool isEvent, ITypeSymbol? delegateType, bool isUnknown = false)
            {
                IsEvent = isEvent;
                DelegateType = delegateType;
                IsUnknown = isUnknown;
            }

            /// <summary>Used as a method group the compiler could not bind (half-typed code).</summary>
            public static DelegateUse Unknown => new DelegateUse(isEvent: false, delegateType: null, isUnknown: true);

            public bool IsEvent { get; }

            public bool IsUnknown { get; }

            public ITypeSymbol? DelegateType { get; }
        }

        /// <summary>What one type's operations reveal: its async void local functions and its methods used as delegates.</summary>
        private sealed class TypeUses
        {
            private readonly INamedTypeSymbol _type;

            public TypeUses(INamedTypeSymbol type) => _type = type;

            public ConcurrentDictionary<IMethodSymbol, DelegateUse> Delegates { get; } = new ConcurrentDictionary<IMethodSymbol, DelegateUse>(SymbolEqualityComparer.Default);

            public ConcurrentBag<IMethodSymbol> LocalFunctions { get; } = new ConcurrentBag<IMethodSymbol>();

            public void RecordLocalFunction(ILocalFunctionOperation local)
            {
                if (local.Symbol is { IsAsync: true, ReturnsVoid: true } symbol && SymbolEqualityComparer.Default.Equals(symbol.ContainingType, _type))
                {
                    LocalFunctions.Add(symbol);
                }
            }

            public void RecordMethodReference(IMethodReferenceOperation reference, KnownTypes types)
            {
                var method = reference.Method.OriginalDefinition;
                if (!method.IsAsync || !method.ReturnsVoid || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _type))
                {
                    return;
                }

                if (reference.Parent is not IDelegateCreationOperation creation)
                {
                    // A method group the compiler could not bind to a delegate (half-typed code): its use is unknown,
                    // so neither a report nor a signature fix can be trusted.
                    Delegates[method] = DelegateUse.Unknown;
                    return;
                }

                var parent = creation.WalkUpConversions(out _);
                var isEvent = parent is IEventAssignmentOperation
                    || (creation.Type is INamedTypeSymbol { DelegateInvokeMethod: { } invoke } && types.IsEventHandlerShape(invoke));
                var use = new DelegateUse(isEvent, creation.Type);
                Delegates.AddOrUpdate(method, use, (_, existing) => existing.IsEvent || existing.IsUnknown ? existing : use);
            }
        }

        /// <summary>
        /// The names on the right of every <c>+=</c>/<c>-=</c> and in every <c>new XxxHandler(name)</c> of the compilation
        /// (generated code included: designer and XAML files wire handlers there). Syntax only, built once, on first use.
        /// </summary>
        /// <summary>
        /// Answers "is a method of this name subscribed (<c>x.Event += Name</c>, <c>new XHandler(Name)</c>) anywhere in the
        /// compilation?". Per name, on demand and memoized: only the trees whose text mentions the name are walked.
        /// </summary>
        private sealed class SubscriptionNameIndex
        {
            private readonly Compilation _compilation;
            private readonly object _gate = new object();
            private readonly Dictionary<string, bool> _answers = new Dictionary<string, bool>();

            public SubscriptionNameIndex(Compilation compilation) => _compilation = compilation;

            public bool Contains(string name, CancellationToken cancellationToken)
            {
                lock (_gate)
                {
                    if (!_answers.TryGetValue(name, out var answer))
                    {
                        _answers[name] = answer = Search(name, cancellationToken);
                    }

                    return answer;
                }
            }

            private bool Search(string name, CancellationToken cancellationToken)
            {
                var names = new HashSet<string>();
                foreach (var tree in _compilation.SyntaxTrees)
                {
                    if (tree.GetText(cancellationToken).ToString().IndexOf(name, System.StringComparison.Ordinal) < 0)
                    {
                        continue;
                    }

                    foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                    {
                        switch (node)
                        {
                            case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression):
                                AddName(names, assignment.Right);
                                break;
                            case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation when creation.Type.ToString().EndsWith("Handler", System.StringComparison.Ordinal):
                                AddName(names, creation.ArgumentList.Arguments[0].Expression);
                                break;
                        }
                    }

                    if (names.Contains(name))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static void AddName(HashSet<string> names, ExpressionSyntax expression)
            {
                switch (expression)
                {
                    case IdentifierNameSyntax identifier:
                        names.Add(identifier.Identifier.ValueText);
                        break;
                    case MemberAccessExpressionSyntax access:
                        names.Add(access.Name.Identifier.ValueText);
                        break;
                }
            }
        }
    }
}
