using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC105. A call that asks dual-mode code for its synchronous path (<c>async: false</c>) whose task is awaited or
    /// returned: pass <c>async: true</c>. When the callee has an async counterpart the oracle accepts (<c>NameAsync</c> or
    /// a same-name awaitable overload that binds here, or a dual-mode overload with a <c>bool async</c> flag): <c>await</c>
    /// it, forwarding the token in scope. Otherwise the make-async cascade on the callee: from the method that blocks at
    /// the bottom of the chain (<see cref="BlockingChains"/>) up through every caller, this call included, which becomes
    /// an await.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TransitiveBlockingCodeFixProvider)), Shared]
    public sealed class TransitiveBlockingCodeFixProvider : CodeFixProvider
    {
        public const string CounterpartKey = RuleIds.TransitiveBlocking + ".UseAsyncCounterpart";
        public const string CascadeKey = RuleIds.TransitiveBlocking + ".MakeAsync";
        public const string AsyncPathKey = RuleIds.TransitiveBlocking + ".AsyncPath";

        private const string AsyncFlagProperty = "AsyncFlag";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TransitiveBlocking);

        public override FixAllProvider GetFixAllProvider() => new ByKey(
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await AsyncPathAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)),
            FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var counterparts = new List<Diagnostic>();
                foreach (var diagnostic in diagnostics)
                {
                    if (await CounterpartAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } counterpart)
                    {
                        counterparts.Add(counterpart);
                    }
                }

                return await AwaitFixEngine.FixAsync(document, counterparts, RewriteCounterpart, context.CancellationToken).ConfigureAwait(false);
            }),
            new CascadeFixAllProvider(async (document, diagnostic, cancellationToken) =>
                await CounterpartAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is null
                    ? await SeedsAsync(document, diagnostic, cancellationToken).ConfigureAwait(false)
                    : Enumerable.Empty<CascadeSeed>()));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var syntaxRoot = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (syntaxRoot != null && semanticModel != null && SynchronousFlag(syntaxRoot, semanticModel, diagnostic, context.CancellationToken) is { } flag)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Pass '" + flag.Parameter!.Name + ": true'", ct => AsyncPathAsync(document, new[] { diagnostic }, ct), AsyncPathKey),
                        diagnostic);
                    continue;
                }

                if (await CounterpartAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } counterpart)
                {
                    var name = SynchronousIOFix.From(counterpart.Properties)!.Counterpart;
                    context.RegisterCodeFix(
                        CodeAction.Create("Await '" + name + "'", ct => AwaitFixEngine.FixAsync(document, new[] { counterpart }, RewriteCounterpart, ct), CounterpartKey),
                        diagnostic);
                    continue;
                }

                var seeds = (await SeedsAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false)).ToList();
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (seeds.Count == 0 || root is null || AwaitFixEngine.FindTarget(root, diagnostic) is not InvocationExpressionSyntax call)
                {
                    MakeAsyncCascade.Refuse("ASYNC105: no blocking call at the bottom of the chain that its rule's fix can rewrite");
                    continue;
                }

                var cascade = await MakeAsyncCascade.PlanAsync(document.Project.Solution, seeds, CascadeFixAllProvider.KeepObsoleteWrapper, context.CancellationToken).ConfigureAwait(false);
                if (cascade is null || !cascade.Awaits(document.Id, call.Span))
                {
                    // The callee stays synchronous (a boundary): this call would block all the same.
                    MakeAsyncCascade.Refuse("ASYNC105: the cascade stops below this call: " + (cascade is null ? "none" : string.Join(", ", cascade.Stops)));
                    continue;
                }

                var callee = NameOf(call);
                var bottom = cascade.ConvertedMembers.First().Name;
                var subject = "'" + callee + "'" + (bottom == callee ? string.Empty : " and the methods down to '" + bottom + "'");
                context.RegisterCodeFix(CodeAction.Create(cascade.Title(subject), ct => cascade.ApplyAsync(ct), CascadeKey), diagnostic);
            }
        }

        /// <summary>
        /// The literal <c>false</c> the call passes to dual-mode code's async flag, when the call's task is awaited (through
        /// <c>ConfigureAwait</c> too) or returned: with <c>true</c> the same task comes from the asynchronous path. A task
        /// that is dropped or waited on is left alone (it would start running unobserved, or block).
        /// </summary>
        private static IArgumentOperation? SynchronousFlag(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (AwaitFixEngine.FindTarget(root, diagnostic) is not InvocationExpressionSyntax call
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || DualModeCode.SynchronousFlagArgument(invocation) is not { Syntax: ArgumentSyntax { Expression: LiteralExpressionSyntax } } flag)
            {
                return null;
            }

            IOperation consumed = invocation;
            if (consumed.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == consumed)
            {
                consumed = configured;
            }

            return consumed.Parent is IAwaitOperation or IReturnOperation ? flag : null;
        }

        /// <summary><c>Read(async: false, ct)</c> → <c>Read(async: true, ct)</c> for each diagnostic it applies to.</summary>
        private static async Task<Document> AsyncPathAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var literals = diagnostics
                .Select(d => SynchronousFlag(root, model, d, cancellationToken))
                .Select(flag => (flag?.Syntax as ArgumentSyntax)?.Expression)
                .OfType<LiteralExpressionSyntax>()
                .Distinct()
                .ToList();
            return document.WithSyntaxRoot(root.ReplaceNodes(literals, (original, _) => LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(original)));
        }

        /// <summary>
        /// The counterpart fix as a diagnostic the await engine understands (the analyzer hands none: ASYNC105 is found
        /// at compilation end, where the oracle's call-site question is cheaper asked here, for the one call a user looks at).
        /// </summary>
        private static async Task<Diagnostic?> CounterpartAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null
                || AwaitFixEngine.FindTarget(root, diagnostic) is not InvocationExpressionSyntax call
                || !AsyncFunctionSyntax.CanAwaitAt(call)
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || model.GetEnclosingSymbol(call.SpanStart, cancellationToken) is not { } containing
                || CompilationContext.TryGet(model.Compilation) is not { } context
                || !AsyncContext.TryGetEnclosingFunction(invocation, containing, context.Types, out var function)
                || !function.IsAsyncCode
                || function.InsideLock)
            {
                return null;
            }

            var counterparts = context.Counterparts;
            var token = CancellationTokens.FindInScope(invocation, containing, context.Types);
            var found = counterparts.IsCandidateSource(invocation.TargetMethod) && counterparts.HasCandidates(invocation, CounterpartShape.Await)
                ? counterparts.Find(invocation, CounterpartShape.Await, token, containing, function.Symbol)
                : null;
            string? flag = null;
            if (found is null && counterparts.FindAsyncFlagOverload(invocation, token) is { } dualMode)
            {
                (found, flag) = dualMode;
            }

            if (found is null)
            {
                return null;
            }

            var configureAwaitFalse = context.Types.IsTaskOrValueTask(found.Method.ReturnType) && context.ConfigureAwait.UsesConfigureAwaitFalse(call.SyntaxTree, cancellationToken);
            var properties = new SynchronousIOFix(
                    FixKinds.AsyncCounterpart,
                    function.NeedsAsyncModifier,
                    found.Method.Name,
                    found.Token,
                    found.TokenParameter,
                    configureAwaitFalse,
                    targetIsAdditionalLocation: false)
                .ToProperties();
            if (flag != null)
            {
                properties = properties.Add(AsyncFlagProperty, flag);
            }

            return Diagnostic.Create(diagnostic.Descriptor, diagnostic.Location, diagnostic.AdditionalLocations, properties);
        }

        /// <summary><c>x.Load(args)</c> → <c>await x.LoadAsync(args, ct)</c>, or <c>await x.Load(args, async: true, cancellationToken: ct)</c>.</summary>
        private static SyntaxNode? RewriteCounterpart(SyntaxNode target, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(AsyncFlagProperty, out var flag) || flag is null)
            {
                return SynchronousIOCodeFixProvider.Rewrite(target, diagnostic);
            }

            if (target is not InvocationExpressionSyntax invocation || SynchronousIOFix.From(diagnostic.Properties) is not { } fix)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.AddArguments(Argument(LiteralExpression(SyntaxKind.TrueLiteralExpression)).WithNameColon(NameColon(flag)));
            if (fix.CancellationToken is { } token && fix.CancellationTokenParameter is { } tokenParameter)
            {
                var tokenExpression = ParseExpression(token);
                if (token == AsyncCounterparts.NoneToken)
                {
                    tokenExpression = tokenExpression.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
                }

                arguments = arguments.AddArguments(Argument(tokenExpression).WithNameColon(NameColon(tokenParameter)));
            }

            ExpressionSyntax call = invocation.WithArgumentList(arguments);
            if (fix.ConfigureAwaitFalse)
            {
                call = AwaitExpressions.ConfigureAwaitFalse(call);
            }

            return AwaitExpressions.Await(call);
        }

        /// <summary>
        /// The cascade's seed: the blocking expression at the bottom of the chain ASYNC105 names (the one search,
        /// <see cref="BlockingChains"/>), when its own rule's fix can rewrite it once its member is async. None when the
        /// chain goes through the synchronous path of dual-mode code: there the fix is to ask for the async path.
        /// </summary>
        private static async Task<IEnumerable<CascadeSeed>> SeedsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null
                || AwaitFixEngine.FindTarget(root, diagnostic) is not InvocationExpressionSyntax call
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || CompilationContext.TryGet(model.Compilation) is not { } context)
            {
                return Enumerable.Empty<CascadeSeed>();
            }

            var chains = BlockingChains.For(context, document.Project.AnalyzerOptions);
            if (chains.Below(invocation, cancellationToken) is not { ThroughSyncPath: null, FixPoint: { } fixPoint } chain
                || chain.Root.Location.SourceTree is not { } rootTree
                || document.Project.Solution.GetDocument(rootTree) is not { } rootDocument
                || await rootDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } rootModel
                || (await rootTree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(chain.Root.Location.SourceSpan, getInnermostNodeForTie: true) is not { } rootNode
                || rootModel.GetOperation(rootNode, cancellationToken) is not { } blocking
                || chains.RootAt(blocking, fixPoint.Member) is not { } blockingRoot)
            {
                return Enumerable.Empty<CascadeSeed>();
            }

            return await CascadeRewrites.IsRewrittenOnceAsyncAsync(rootDocument, blocking, blockingRoot, context, cancellationToken).ConfigureAwait(false)
                ? new[] { new CascadeSeed(rootDocument.Id, blocking.Syntax.Span) }
                : Enumerable.Empty<CascadeSeed>();
        }

        private static string NameOf(InvocationExpressionSyntax call) => call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => call.Expression.ToString(),
        };

        /// <summary>Fix All by equivalence key: the async paths and the counterparts document by document, or one cascade for the whole scope.</summary>
        private sealed class ByKey : FixAllProvider
        {
            private readonly FixAllProvider _asyncPaths;
            private readonly FixAllProvider _counterparts;
            private readonly FixAllProvider _cascade;

            public ByKey(FixAllProvider asyncPaths, FixAllProvider counterparts, FixAllProvider cascade)
            {
                _asyncPaths = asyncPaths;
                _counterparts = counterparts;
                _cascade = cascade;
            }

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _cascade.GetSupportedFixAllScopes();

            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) => fixAllContext.CodeActionEquivalenceKey switch
            {
                AsyncPathKey => _asyncPaths.GetFixAsync(fixAllContext),
                CounterpartKey => _counterparts.GetFixAsync(fixAllContext),
                _ => _cascade.GetFixAsync(fixAllContext),
            };
        }
    }
}
