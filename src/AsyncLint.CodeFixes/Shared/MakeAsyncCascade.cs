using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>Where a cascade starts: a synchronous method or local function whose body blocks at <see cref="Blocking"/>.</summary>
    internal sealed class CascadeSeed
    {
        public CascadeSeed(DocumentId document, TextSpan blocking)
        {
            Document = document;
            Blocking = blocking;
        }

        public DocumentId Document { get; }

        /// <summary>The blocking expression (inside the member to make async).</summary>
        public TextSpan Blocking { get; }
    }

    /// <summary>
    /// "Async all the way" as one edit: the member that blocks becomes <c>async Task</c>/<c>Task&lt;T&gt;</c> with the
    /// Async suffix, every caller in the solution awaits it, and the callers that thereby become async are converted in
    /// turn, up to the boundaries <see cref="CascadeBoundaries"/> decides (a stop keeps its signature and blocks
    /// explicitly on the new member with <c>.GetAwaiter().GetResult()</c>, where the blocking must be and stays visible
    /// as an ASYNC104 finding). Converted members that need a token below get <c>CancellationToken cancellationToken =
    /// default</c> and the callers pass theirs; <see cref="CascadeSettle"/> then applies the async-code fixes
    /// (ASYNC101/102/103/201/202) inside the members that became async and drops the tokens nobody used.
    /// Planning (<see cref="PlanAsync"/>) answers the questions the title needs and refuses what cannot be done
    /// safely; <see cref="ApplyAsync"/> writes it. Everything is ordered by file and position: the same code gives the
    /// same edit.
    /// </summary>
    internal sealed class MakeAsyncCascade
    {
        private readonly Solution _solution;
        private readonly List<MemberPlan> _members;
        private readonly List<CallSite> _calls;
        private readonly List<(DocumentId Document, TextSpan Span)> _names;
        private readonly List<FunctionPlan> _functions;

        private MakeAsyncCascade(Solution solution, List<MemberPlan> members, List<CallSite> calls, List<(DocumentId, TextSpan)> names, List<FunctionPlan> functions, List<string> stops)
        {
            _solution = solution;
            _members = members;
            _calls = calls;
            _names = names;
            _functions = functions;
            Stops = stops;
        }

        /// <summary>
        /// Why a seed got no cascade, for tools that measure coverage on real code (tools/AsyncLint.Scan --fixes); nothing
        /// in the fixers depends on it.
        /// </summary>
        internal static event Action<string>? Refused;

        internal static void Refuse(string reason) => Refused?.Invoke(reason);

        /// <summary>The boundaries the cascade stopped at, as the title names them.</summary>
        public IReadOnlyList<string> Stops { get; }

        public int CallSiteCount => _calls.Count;

        public int FileCount => _members.Select(m => m.Document).Concat(_calls.Select(c => c.Document)).Concat(_names.Select(n => n.Document)).Distinct().Count();

        /// <summary>The members the cascade makes async (in source order).</summary>
        public IEnumerable<IMethodSymbol> ConvertedMembers => _members.Select(m => m.Symbol);

        /// <summary>Whether the call at <paramref name="span"/> ends up awaited (ASYNC105's call site must).</summary>
        public bool Awaits(DocumentId document, TextSpan span)
            => _calls.Any(c => c.Document == document && c.Span == span && c.Kind == CallKind.Await);

        /// <summary>"Make 'Load' async (7 callers in 3 files; still blocks in property 'Title')".</summary>
        public string Title(string subject)
        {
            var detail = CallSiteCount == 0
                ? "no callers"
                : CallSiteCount.ToString(CultureInfo.InvariantCulture) + (CallSiteCount == 1 ? " caller" : " callers")
                  + " in " + FileCount.ToString(CultureInfo.InvariantCulture) + (FileCount == 1 ? " file" : " files");
            if (_members.Any(m => m.Decision.Wrapper))
            {
                detail += "; keeps an [Obsolete] synchronous wrapper for callers outside the solution";
            }

            if (Stops.Count > 0)
            {
                detail += "; still blocks in " + string.Join(", ", Stops.Take(3)) + (Stops.Count > 3 ? " and " + (Stops.Count - 3).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty);
            }

            return "Make " + subject + " async (" + detail + ")";
        }

        /// <summary>
        /// Plans the cascade from every seed that can be converted safely (a seed whose cascade is unsafe is left out;
        /// null when none is left). <paramref name="keepObsoleteWrapper"/> is the public-API option.
        /// </summary>
        public static async Task<MakeAsyncCascade?> PlanAsync(Solution solution, IEnumerable<CascadeSeed> seeds, Func<Document, bool> keepObsoleteWrapper, CancellationToken cancellationToken)
        {
            var planner = new Planner(solution, keepObsoleteWrapper, cancellationToken);
            var accepted = new List<Closure>();
            foreach (var seed in seeds.OrderBy(s => solution.GetDocument(s.Document)?.FilePath, StringComparer.Ordinal).ThenBy(s => s.Blocking.Start))
            {
                var closure = await planner.TryPlanSeedAsync(seed).ConfigureAwait(false);
                if (closure != null)
                {
                    accepted.Add(closure);
                }
            }

            return accepted.Count == 0 ? null : planner.Build(accepted);
        }

        /// <summary>Writes the cascade and settles the members that became async; the solution it returns compiles.</summary>
        public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
        {
            var solution = _solution;
            var byDocument = _members.Select(m => m.Document)
                .Concat(_calls.Select(c => c.Document))
                .Concat(_names.Select(n => n.Document))
                .Concat(_functions.Select(f => f.Document))
                .Distinct()
                .ToList();
            foreach (var documentId in byDocument)
            {
                var document = solution.GetDocument(documentId)!;
                var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                var newRoot = CascadeWriter.Rewrite(root, documentId, _members, _calls, _names, _functions);
                solution = solution.WithDocumentSyntaxRoot(documentId, newRoot);
                var withImports = await Microsoft.CodeAnalysis.Editing.ImportAdder.AddImportsAsync(solution.GetDocument(documentId)!, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                solution = withImports.Project.Solution;
            }

            return await CascadeSettle.SettleAsync(solution, byDocument, _members, cancellationToken).ConfigureAwait(false);
        }

        internal enum CallKind
        {
            Await,
            Block,
        }

        /// <summary>A member the cascade changes: converted (renamed, Task-returning), converted in place, or a hierarchy member.</summary>
        internal sealed class MemberPlan
        {
            public MemberPlan(IMethodSymbol symbol, DocumentId document, TextSpan span, CascadeDecision decision, string key)
            {
                Symbol = symbol;
                Document = document;
                Span = span;
                Decision = decision;
                Key = key;
            }

            public IMethodSymbol Symbol { get; }

            public DocumentId Document { get; }

            /// <summary>The declaration's span in the original document.</summary>
            public TextSpan Span { get; }

            public CascadeDecision Decision { get; }

            /// <summary>Annotation data that names the member across edits.</summary>
            public string Key { get; }

            /// <summary>Gets <c>async</c>: it awaits something (a seed, or a caller of a converted member).</summary>
            public bool NeedsAsync { get; set; }

            /// <summary>A hierarchy member with nothing to await: returns completed tasks instead.</summary>
            public RemoveAsync.Plan? CompletedBody { get; set; }

            /// <summary>Its one CancellationToken parameter, if it has one.</summary>
            public string? ExistingToken { get; set; }

            /// <summary>Gets a <c>CancellationToken cancellationToken = default</c> parameter (dropped later if unused).</summary>
            public bool AddsToken { get; set; }

            /// <summary>No token parameter may be added (a cref names its parameters, or the name is taken in it).</summary>
            public bool NoTokenParameter { get; set; }
        }

        /// <summary>A call of a member the cascade changes.</summary>
        internal sealed class CallSite
        {
            public CallSite(DocumentId document, TextSpan span, MemberPlan callee)
            {
                Document = document;
                Span = span;
                Callee = callee;
            }

            public DocumentId Document { get; }

            public TextSpan Span { get; }

            public MemberPlan Callee { get; }

            public CallKind Kind { get; set; }

            /// <summary>The converted member whose body makes the call (it awaits it, so it gets <c>async</c>).</summary>
            public MemberPlan? CallerMember { get; set; }

            /// <summary>The converted member whose token the call passes: the caller, or the member around a lambda that makes the call.</summary>
            public MemberPlan? TokenMember { get; set; }

            /// <summary>The token in scope at the call otherwise (an async caller's own), or null.</summary>
            public string? ScopeToken { get; set; }

            /// <summary>The call already passes a token to the callee's own CancellationToken parameter.</summary>
            public bool PassesToken { get; set; }

            /// <summary>An added token can go by position (the call passes every parameter, by position).</summary>
            public bool Positional { get; set; }

            public bool ConfigureAwaitFalse { get; set; }
        }

        /// <summary>An async-code caller that is not async yet (a Task-returning method or lambda): gets <c>async</c> by <see cref="MakeAsync"/>.</summary>
        internal sealed class FunctionPlan
        {
            public FunctionPlan(DocumentId document, TextSpan span, MakeAsync.Plan plan)
            {
                Document = document;
                Span = span;
                Plan = plan;
            }

            public DocumentId Document { get; }

            public TextSpan Span { get; }

            public MakeAsync.Plan Plan { get; }
        }

        /// <summary>What one seed's cascade reaches.</summary>
        private sealed class Closure
        {
            public HashSet<MemberPlan> Members { get; } = new HashSet<MemberPlan>();

            public List<CallSite> Calls { get; } = new List<CallSite>();

            public List<(DocumentId, TextSpan)> Names { get; } = new List<(DocumentId, TextSpan)>();

            public List<FunctionPlan> Functions { get; } = new List<FunctionPlan>();

            public List<string> Stops { get; } = new List<string>();

            public HashSet<MemberPlan> Seeds { get; } = new HashSet<MemberPlan>();
        }

        /// <summary>The role of the function a call sits in.</summary>
        private sealed class Caller
        {
            public CallKind Kind { get; set; }

            public MemberPlan? Member { get; set; }

            public FunctionPlan? Function { get; set; }

            public string? Stop { get; set; }

            public string? Unsafe { get; set; }
        }

        private sealed class Planner
        {
            private readonly Solution _solution;
            private readonly Func<Document, bool> _keepObsoleteWrapper;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<IMethodSymbol, (CascadeDecision Decision, MemberPlan? Plan)> _decisions = new Dictionary<IMethodSymbol, (CascadeDecision, MemberPlan?)>(SymbolEqualityComparer.Default);
            private readonly Dictionary<DocumentId, SemanticModel> _models = new Dictionary<DocumentId, SemanticModel>();
            private readonly Dictionary<(DocumentId, TextSpan), FunctionPlan?> _functionPlans = new Dictionary<(DocumentId, TextSpan), FunctionPlan?>();
            private readonly Dictionary<MemberPlan, Closure> _referenceCache = new Dictionary<MemberPlan, Closure>();
            private readonly Dictionary<MemberPlan, string?> _unsafeReferences = new Dictionary<MemberPlan, string?>();
            private int _nextKey;

            public Planner(Solution solution, Func<Document, bool> keepObsoleteWrapper, CancellationToken cancellationToken)
            {
                _solution = solution;
                _keepObsoleteWrapper = keepObsoleteWrapper;
                _cancellationToken = cancellationToken;
            }

            public async Task<Closure?> TryPlanSeedAsync(CascadeSeed seed)
            {
                var document = _solution.GetDocument(seed.Document);
                var root = document is null ? null : await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false);
                var blocking = root?.FindNode(seed.Blocking, getInnermostNodeForTie: true);
                if (document is null || blocking is null || !AsyncFunctionSyntax.CanAwaitAt(blocking))
                {
                    Refuse("the blocking call is where 'await' is not allowed");
                    return null;
                }

                var function = AsyncFunctionSyntax.EnclosingFunction(blocking);
                if (function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax))
                {
                    Refuse("the blocking cannot move: it is in " + (function is null ? "an expression-bodied property or an initializer" : "a " + function.Kind()));
                    return null;
                }

                var model = await ModelAsync(document).ConfigureAwait(false);
                if (model.GetDeclaredSymbol(function, _cancellationToken) is not IMethodSymbol member || member.IsAsync || AsyncContext.IsAsyncCode(member, CompilationContext.TryGet(model.Compilation)!.Types))
                {
                    Refuse("the member is async code already");
                    return null;
                }

                var (decision, plan) = await DecideAsync(member, function, document).ConfigureAwait(false);
                if (plan is null || decision.Role is not (CascadeRole.Convert or CascadeRole.ConvertInPlace))
                {
                    Refuse("the member itself: " + decision.Role + " " + decision.Reason);
                    return null;
                }

                var closure = new Closure();
                closure.Seeds.Add(plan);
                plan.NeedsAsync = true;
                var pending = new Queue<MemberPlan>();
                pending.Enqueue(plan);
                while (pending.Count > 0)
                {
                    var current = pending.Dequeue();
                    if (!closure.Members.Add(current))
                    {
                        continue;
                    }

                    if (current.Decision.Role == CascadeRole.ConvertInPlace)
                    {
                        continue; // its callers (the event source, the test runner) do not change
                    }

                    foreach (var related in current.Decision.Hierarchy)
                    {
                        var relatedPlan = await PlanOfAsync(related).ConfigureAwait(false);
                        if (relatedPlan is null)
                        {
                            Refuse("a member of the hierarchy cannot convert");
                            return null;
                        }

                        pending.Enqueue(relatedPlan);
                    }

                    var references = await ReferencesAsync(current).ConfigureAwait(false);
                    if (references is null)
                    {
                        Refuse("a caller: " + (_unsafeReferences.TryGetValue(current, out var why) ? why : "unsafe"));
                        return null;
                    }

                    closure.Calls.AddRange(references.Calls);
                    closure.Names.AddRange(references.Names);
                    closure.Functions.AddRange(references.Functions);
                    closure.Stops.AddRange(references.Stops);
                    foreach (var caller in references.Members)
                    {
                        pending.Enqueue(caller);
                    }
                }

                return closure;
            }

            public MakeAsyncCascade Build(List<Closure> closures)
            {
                var members = closures.SelectMany(c => c.Members).Distinct().OrderBy(m => Path(m.Document)).ThenBy(m => m.Span.Start).ToList();
                var calls = closures.SelectMany(c => c.Calls).GroupBy(c => (c.Document, c.Span)).Select(g => g.First()).OrderBy(c => Path(c.Document)).ThenBy(c => c.Span.Start).ToList();
                var names = closures.SelectMany(c => c.Names).Distinct().ToList();
                var functions = closures.SelectMany(c => c.Functions).Distinct().ToList();
                var stops = closures.SelectMany(c => c.Stops).Distinct().ToList();

                // A member awaits when it is a seed or a call in its own body is awaited; a hierarchy member with
                // nothing to await returns completed tasks instead (an async method without await warns).
                foreach (var call in calls)
                {
                    if (call.Kind == CallKind.Await && call.CallerMember != null)
                    {
                        call.CallerMember.NeedsAsync = true;
                    }
                }

                // Tokens: every converted member that may take one gets it now; CascadeSettle drops those nobody used.
                foreach (var group in members.GroupBy(m => HierarchyKey(m)))
                {
                    var addsToken = group.All(CanAddToken);
                    foreach (var member in group)
                    {
                        member.AddsToken = addsToken;
                    }
                }

                return new MakeAsyncCascade(_solution, members, calls, names, functions, stops);
            }

            private static string HierarchyKey(MemberPlan member)
                => member.Decision.Hierarchy.Count == 0
                    ? member.Key
                    : string.Join("|", member.Decision.Hierarchy.Append(member.Symbol).Select(s => s.ToDisplayString()).OrderBy(s => s, StringComparer.Ordinal));

            private static bool CanAddToken(MemberPlan member)
                => member.Decision.Role == CascadeRole.Convert
                   && member.ExistingToken is null
                   && !member.NoTokenParameter
                   && !member.Symbol.Parameters.Any(p => p.IsParams || p.Type.Name == "CancellationToken")
                   && member.Symbol.MethodKind != MethodKind.ExplicitInterfaceImplementation;

            private string Path(DocumentId id) => _solution.GetDocument(id)?.FilePath ?? string.Empty;

            private async Task<SemanticModel> ModelAsync(Document document)
            {
                if (!_models.TryGetValue(document.Id, out var model))
                {
                    _models[document.Id] = model = (await document.GetSemanticModelAsync(_cancellationToken).ConfigureAwait(false))!;
                }

                return model;
            }

            private async Task<MemberPlan?> PlanOfAsync(IMethodSymbol symbol)
            {
                var reference = symbol.DeclaringSyntaxReferences.FirstOrDefault();
                var document = reference is null ? null : _solution.GetDocument(reference.SyntaxTree);
                if (reference is null || document is null)
                {
                    return null;
                }

                var (decision, plan) = await DecideAsync(symbol, await reference.GetSyntaxAsync(_cancellationToken).ConfigureAwait(false), document).ConfigureAwait(false);
                return decision.Role == CascadeRole.Convert ? plan : null;
            }

            private async Task<(CascadeDecision Decision, MemberPlan? Plan)> DecideAsync(IMethodSymbol symbol, SyntaxNode declaration, Document document)
            {
                var key = symbol.OriginalDefinition;
                if (_decisions.TryGetValue(key, out var known))
                {
                    return known;
                }

                var model = await ModelAsync(document).ConfigureAwait(false);
                var decision = await CascadeBoundaries.ClassifyAsync(symbol, declaration, model, _solution, _keepObsoleteWrapper(document), _cancellationToken).ConfigureAwait(false);
                if (decision.Role is CascadeRole.Convert or CascadeRole.ConvertInPlace
                    && await CascadeRewrites.HasBlockingWithoutRewriteAsync(document, declaration, model, _cancellationToken).ConfigureAwait(false))
                {
                    decision = CascadeDecision.Stop("'" + symbol.Name + "' (it also blocks where no await can stand)");
                }

                MemberPlan? plan = null;
                if (decision.Role is CascadeRole.Convert or CascadeRole.ConvertInPlace)
                {
                    plan = new MemberPlan(key, document.Id, declaration.Span, decision, "m" + (_nextKey++).ToString(CultureInfo.InvariantCulture));
                    var types = CompilationContext.TryGet(model.Compilation)!.Types;
                    var tokens = symbol.Parameters.Where(p => types.IsCancellationToken(p.Type)).ToList();
                    plan.ExistingToken = tokens.Count == 1 ? EscapedName(tokens[0].Name) : null;
                    if (decision.Role == CascadeRole.Convert && tokens.Count == 0 && declaration.DescendantTokens().Any(t => t.ValueText == CascadeSyntax.TokenName))
                    {
                        plan.NoTokenParameter = true; // the name is taken there: no token parameter for it
                    }

                    if (decision.Hierarchy.Count > 0 && !symbol.IsAbstract && AsyncFunctionSyntax.Body(declaration) != null)
                    {
                        // A hierarchy member may have nothing to await: then it returns completed tasks.
                        plan.CompletedBody = RemoveAsync.TryPrepareTaskReturn(declaration, model, _cancellationToken);
                        if (plan.CompletedBody is null)
                        {
                            decision = CascadeDecision.Unsafe("'" + symbol.Name + "' (a member of the hierarchy whose body cannot return a completed task)");
                            plan = null;
                        }
                    }
                }

                _decisions[key] = (decision, plan);
                return (decision, plan);
            }

            /// <summary>Every reference to <paramref name="member"/>, classified; null when one cannot be handled safely.</summary>
            private async Task<Closure?> ReferencesAsync(MemberPlan member)
            {
                if (_referenceCache.TryGetValue(member, out var cached))
                {
                    return cached;
                }

                if (_unsafeReferences.ContainsKey(member))
                {
                    return null;
                }

                var closure = new Closure();
                var locations = new List<ReferenceLocation>();
                foreach (var referenced in await SymbolFinder.FindReferencesAsync(member.Symbol, _solution, _cancellationToken).ConfigureAwait(false))
                {
                    if (!SymbolEqualityComparer.Default.Equals(referenced.Definition.OriginalDefinition, member.Symbol))
                    {
                        continue; // a related member's references (an override, the interface member) are read when that member is planned
                    }

                    locations.AddRange(referenced.Locations);
                }

                foreach (var location in locations.OrderBy(l => l.Document.FilePath, StringComparer.Ordinal).ThenBy(l => l.Location.SourceSpan.Start))
                {
                    var reason = await ClassifyReferenceAsync(member, location, closure).ConfigureAwait(false);
                    if (reason != null)
                    {
                        _unsafeReferences[member] = reason;
                        return null;
                    }
                }

                _referenceCache[member] = closure;
                return closure;
            }

            /// <summary>Adds what one reference needs to <paramref name="closure"/>; returns why it is unsafe, or null.</summary>
            private async Task<string?> ClassifyReferenceAsync(MemberPlan callee, ReferenceLocation location, Closure closure)
            {
                if (location.IsImplicit || location.IsCandidateLocation || location.Document is SourceGeneratedDocument)
                {
                    return "a reference the cascade cannot edit";
                }

                var document = location.Document;
                var root = (await document.GetSyntaxRootAsync(_cancellationToken).ConfigureAwait(false))!;
                var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (name.FirstAncestorOrSelf<CrefSyntax>() is { } cref)
                {
                    callee.NoTokenParameter |= cref.DescendantNodes().OfType<CrefParameterListSyntax>().Any();
                    closure.Names.Add((document.Id, location.Location.SourceSpan));
                    return null;
                }

                if (CascadeSyntax.IsInNameOf(name))
                {
                    closure.Names.Add((document.Id, location.Location.SourceSpan));
                    return null;
                }

                var invocation = CascadeSyntax.InvocationOf(name, out var conditional);
                if (invocation is null)
                {
                    return "'" + callee.Symbol.Name + "' is used as a method group or delegate";
                }

                if (conditional)
                {
                    return "a conditional call 'x?." + callee.Symbol.Name + "()'";
                }

                var model = await ModelAsync(document).ConfigureAwait(false);
                if (IsInExpressionTree(invocation, model))
                {
                    return "a call inside an expression tree";
                }

                var caller = await ClassifyCallerAsync(invocation, document, model).ConfigureAwait(false);
                if (caller.Unsafe != null)
                {
                    return caller.Unsafe;
                }

                var call = new CallSite(document.Id, invocation.Span, callee) { Kind = caller.Kind, CallerMember = caller.Kind == CallKind.Await ? caller.Member : null };
                call.TokenMember = call.CallerMember?.Decision.Role == CascadeRole.Convert ? call.CallerMember : null;
                if (caller.Stop != null)
                {
                    closure.Stops.Add(caller.Stop);
                }

                if (caller.Function != null)
                {
                    closure.Functions.Add(caller.Function);
                }

                if (caller.Member != null && caller.Kind == CallKind.Await)
                {
                    closure.Members.Add(caller.Member);
                }

                DescribeArguments(call, invocation, model);
                var context = CompilationContext.TryGet(model.Compilation);
                if (call.CallerMember is null && context != null && model.GetOperation(invocation, _cancellationToken) is { } operation)
                {
                    var containing = model.GetEnclosingSymbol(invocation.SpanStart, _cancellationToken);
                    call.ScopeToken = containing is null ? null : CancellationTokens.FindInScope(operation, containing, context.Types);
                    if (call.ScopeToken is null)
                    {
                        call.TokenMember = await EnclosingConvertedMemberAsync(invocation, document).ConfigureAwait(false);
                    }
                }

                call.ConfigureAwaitFalse = call.Kind == CallKind.Await && context != null && context.ConfigureAwait.UsesConfigureAwaitFalse(invocation.SyntaxTree, _cancellationToken);
                closure.Calls.Add(call);
                return null;
            }

            /// <summary>A lambda inside a converted member sees the member's token (unless it is static).</summary>
            private async Task<MemberPlan?> EnclosingConvertedMemberAsync(SyntaxNode node, Document document)
            {
                foreach (var ancestor in node.Ancestors())
                {
                    if (ancestor is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return null;
                    }

                    if (ancestor is MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                    {
                        var model = await ModelAsync(document).ConfigureAwait(false);
                        return model.GetDeclaredSymbol(ancestor, _cancellationToken) is IMethodSymbol symbol && _decisions.TryGetValue(symbol.OriginalDefinition, out var known) && known.Decision.Role == CascadeRole.Convert
                            ? known.Plan
                            : null;
                    }
                }

                return null;
            }

            private void DescribeArguments(CallSite call, InvocationExpressionSyntax invocation, SemanticModel model)
            {
                var arguments = invocation.ArgumentList.Arguments;
                call.Positional = arguments.All(a => a.NameColon is null) && arguments.Count == call.Callee.Symbol.Parameters.Length;
                if (call.Callee.ExistingToken != null && model.GetOperation(invocation, _cancellationToken) is IInvocationOperation operation)
                {
                    call.PassesToken = operation.Arguments.Any(a => a.Parameter?.Type.Name == "CancellationToken" && a.ArgumentKind != ArgumentKind.DefaultValue);
                }
            }

            private async Task<Caller> ClassifyCallerAsync(InvocationExpressionSyntax invocation, Document document, SemanticModel model)
            {
                var function = AsyncFunctionSyntax.EnclosingFunction(invocation);
                if (function is null)
                {
                    var stop = model.GetEnclosingSymbol(invocation.SpanStart, _cancellationToken) switch
                    {
                        IMethodSymbol { MethodKind: MethodKind.PropertyGet } getter => "property '" + getter.AssociatedSymbol?.Name + "'",
                        IFieldSymbol field => "the initializer of '" + field.Name + "'",
                        IPropertySymbol property => "the initializer of '" + property.Name + "'",
                        _ => "an initializer",
                    };
                    return new Caller { Kind = CallKind.Block, Stop = stop };
                }

                if (function is CompilationUnitSyntax)
                {
                    return new Caller { Kind = CallKind.Await };
                }

                var canAwait = AsyncFunctionSyntax.CanAwaitAt(invocation);
                if (function is AnonymousFunctionExpressionSyntax lambda)
                {
                    if (!canAwait)
                    {
                        return new Caller { Kind = CallKind.Block, Stop = "a lambda where 'await' is not allowed" };
                    }

                    if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    {
                        return new Caller { Kind = CallKind.Await };
                    }

                    var lambdaSymbol = model.GetSymbolInfo(lambda, _cancellationToken).Symbol as IMethodSymbol;
                    var types = CompilationContext.TryGet(model.Compilation)!.Types;
                    if (lambdaSymbol != null && AsyncContext.IsAsyncCode(lambdaSymbol, types))
                    {
                        var functionPlan = PrepareFunction(lambda, document, model);
                        return functionPlan is null
                            ? new Caller { Unsafe = "a Task-returning lambda that cannot become async" }
                            : new Caller { Kind = CallKind.Await, Function = functionPlan };
                    }

                    return new Caller { Kind = CallKind.Block, Stop = "a synchronous lambda" };
                }

                if (model.GetDeclaredSymbol(function, _cancellationToken) is not IMethodSymbol symbol)
                {
                    return new Caller { Unsafe = "a caller the cascade does not understand" };
                }

                if (symbol.IsAsync)
                {
                    return canAwait ? new Caller { Kind = CallKind.Await } : new Caller { Unsafe = "'" + symbol.Name + "' calls it where 'await' is not allowed" };
                }

                var context = CompilationContext.TryGet(model.Compilation)!;
                if (AsyncContext.IsAsyncCode(symbol, context.Types))
                {
                    var functionPlan = canAwait ? PrepareFunction(function, document, model) : null;
                    return functionPlan is null
                        ? new Caller { Unsafe = "'" + symbol.Name + "' returns a task but cannot become async" }
                        : new Caller { Kind = CallKind.Await, Function = functionPlan };
                }

                var (decision, plan) = await DecideAsync(symbol, function, document).ConfigureAwait(false);
                switch (decision.Role)
                {
                    case CascadeRole.Convert:
                    case CascadeRole.ConvertInPlace:
                        if (!canAwait)
                        {
                            return new Caller { Unsafe = "'" + symbol.Name + "' calls it where 'await' is not allowed (a lock, an unsafe block, a catch filter or a query)" };
                        }

                        return new Caller { Kind = CallKind.Await, Member = plan };
                    case CascadeRole.Stop:
                        return new Caller { Kind = CallKind.Block, Stop = decision.Reason };
                    default:
                        return new Caller { Unsafe = decision.Reason };
                }
            }

            private FunctionPlan? PrepareFunction(SyntaxNode function, Document document, SemanticModel model)
            {
                var key = (document.Id, function.Span);
                if (!_functionPlans.TryGetValue(key, out var plan))
                {
                    var prepared = MakeAsync.TryPrepare(function, model, "c" + (_nextKey++).ToString(CultureInfo.InvariantCulture), _cancellationToken);
                    _functionPlans[key] = plan = prepared is null ? null : new FunctionPlan(document.Id, function.Span, prepared);
                }

                return plan;
            }

            private bool IsInExpressionTree(SyntaxNode node, SemanticModel model)
            {
                foreach (var lambda in node.Ancestors().OfType<LambdaExpressionSyntax>())
                {
                    if (model.GetTypeInfo(lambda, _cancellationToken).ConvertedType is INamedTypeSymbol { Name: "Expression" } type
                        && type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
                    {
                        return true;
                    }
                }

                return false;
            }

            private static string EscapedName(string name)
                => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
        }
    }
}
