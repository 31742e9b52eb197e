using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Benchmarks;

/// <summary>What one analyzer registers: the kinds of its actions, at the top level and inside compilation start.</summary>
internal sealed class Registrations
{
    public HashSet<OperationKind> OperationKinds { get; } = new();
    public HashSet<SyntaxKind> SyntaxKinds { get; } = new();
    public HashSet<SymbolKind> SymbolKinds { get; } = new();
    public HashSet<SymbolKind> SymbolStartKinds { get; } = new();
    public bool CompilationStart { get; set; }
    public bool CompilationEnd { get; set; }
    public bool Compilation { get; set; }
    public bool SemanticModel { get; set; }
    public bool SyntaxTree { get; set; }
    public bool CodeBlock { get; set; }
    public bool CodeBlockStart { get; set; }
    public bool OperationBlock { get; set; }
    public bool OperationBlockStart { get; set; }
    public GeneratedCodeAnalysisFlags GeneratedCode { get; set; } = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;
    public bool Concurrent { get; set; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (CompilationStart) parts.Add("compilation-start");
        if (OperationKinds.Count > 0) parts.Add("operation[" + string.Join(",", OperationKinds.OrderBy(k => k.ToString())) + "]");
        if (SyntaxKinds.Count > 0) parts.Add("syntax[" + string.Join(",", SyntaxKinds.OrderBy(k => k.ToString())) + "]");
        if (SymbolKinds.Count > 0) parts.Add("symbol[" + string.Join(",", SymbolKinds.OrderBy(k => k.ToString())) + "]");
        if (SymbolStartKinds.Count > 0) parts.Add("symbol-start[" + string.Join(",", SymbolStartKinds) + "]");
        if (OperationBlockStart) parts.Add("operation-block-start");
        if (OperationBlock) parts.Add("operation-block");
        if (CodeBlockStart) parts.Add("code-block-start");
        if (CodeBlock) parts.Add("code-block");
        if (SemanticModel) parts.Add("semantic-model");
        if (SyntaxTree) parts.Add("syntax-tree");
        if (Compilation) parts.Add("compilation");
        if (CompilationEnd) parts.Add("compilation-end");
        return string.Join(" ", parts);
    }

    /// <summary>
    /// Records what <paramref name="analyzer"/> registers: runs its Initialize against a recording context, and its
    /// compilation-start actions against the real compilation (so the registrations made after type resolution are
    /// seen as they would be in a build). Nested block-start and symbol-start bodies are not run; the null mirror
    /// registers the same outer action with an empty body.
    /// </summary>
    public static Registrations Record(DiagnosticAnalyzer analyzer, Compilation compilation, AnalyzerOptions options)
    {
        var registrations = new Registrations();
        var context = new RecordingAnalysisContext(registrations);
        analyzer.Initialize(context);
        foreach (var start in context.StartActions)
        {
            start(new RecordingCompilationStartContext(registrations, compilation, options));
        }

        return registrations;
    }

    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        private readonly Registrations _r;

        public RecordingAnalysisContext(Registrations registrations) => _r = registrations;

        public List<Action<CompilationStartAnalysisContext>> StartActions { get; } = new();

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
        {
            _r.CompilationStart = true;
            StartActions.Add(action);
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _r.Compilation = true;
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _r.SemanticModel = true;
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _r.SymbolKinds.UnionWith(symbolKinds);
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _r.SymbolStartKinds.Add(symbolKind);
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _r.CodeBlockStart = true;
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _r.CodeBlock = true;
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _r.SyntaxTree = true;
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => AddSyntaxKinds(_r, syntaxKinds);
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _r.OperationKinds.UnionWith(operationKinds);
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _r.OperationBlockStart = true;
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _r.OperationBlock = true;
        public override void EnableConcurrentExecution() => _r.Concurrent = true;
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _r.GeneratedCode = analysisMode;
    }

    private sealed class RecordingCompilationStartContext : CompilationStartAnalysisContext
    {
        private readonly Registrations _r;

        public RecordingCompilationStartContext(Registrations registrations, Compilation compilation, AnalyzerOptions options)
            : base(compilation, options, CancellationToken.None)
            => _r = registrations;

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _r.CompilationEnd = true;
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _r.SemanticModel = true;
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _r.SymbolKinds.UnionWith(symbolKinds);
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _r.SymbolStartKinds.Add(symbolKind);
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _r.CodeBlockStart = true;
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _r.CodeBlock = true;
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _r.SyntaxTree = true;
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => AddSyntaxKinds(_r, syntaxKinds);
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _r.OperationKinds.UnionWith(operationKinds);
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _r.OperationBlockStart = true;
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _r.OperationBlock = true;
    }

    private static void AddSyntaxKinds<TLanguageKindEnum>(Registrations r, ImmutableArray<TLanguageKindEnum> kinds)
        where TLanguageKindEnum : struct
    {
        foreach (var kind in kinds)
        {
            if (kind is SyntaxKind csharp)
            {
                r.SyntaxKinds.Add(csharp);
            }
        }
    }
}

/// <summary>
/// A do-nothing analyzer that registers the same actions as a real analyzer (as recorded by
/// <see cref="Registrations.Record"/>) with empty callbacks: what the analyzer driver costs before any rule logic runs.
/// </summary>
internal sealed class NullMirrorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "NULL0001", "Null analyzer", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private readonly Registrations _registrations;

    public NullMirrorAnalyzer(string mirrorOf, Registrations registrations)
    {
        MirrorOf = mirrorOf;
        _registrations = registrations;
    }

    public string MirrorOf { get; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        var r = _registrations;
        if (r.Concurrent)
        {
            context.EnableConcurrentExecution();
        }

        context.ConfigureGeneratedCodeAnalysis(r.GeneratedCode);
        if (r.Compilation)
        {
            context.RegisterCompilationAction(static _ => { });
        }

        // Every recorded action is registered inside compilation start, as the real analyzers do; the driver treats
        // top-level and start-time registrations alike once the start action has run.
        context.RegisterCompilationStartAction(start =>
        {
            if (r.OperationKinds.Count > 0) start.RegisterOperationAction(static _ => { }, r.OperationKinds.ToImmutableArray());
            if (r.SyntaxKinds.Count > 0) start.RegisterSyntaxNodeAction(static _ => { }, r.SyntaxKinds.ToImmutableArray());
            if (r.SymbolKinds.Count > 0) start.RegisterSymbolAction(static _ => { }, r.SymbolKinds.ToImmutableArray());
            foreach (var kind in r.SymbolStartKinds) start.RegisterSymbolStartAction(static _ => { }, kind);
            if (r.OperationBlockStart) start.RegisterOperationBlockStartAction(static _ => { });
            if (r.OperationBlock) start.RegisterOperationBlockAction(static _ => { });
            if (r.CodeBlockStart) start.RegisterCodeBlockStartAction<SyntaxKind>(static _ => { });
            if (r.CodeBlock) start.RegisterCodeBlockAction(static _ => { });
            if (r.SemanticModel) start.RegisterSemanticModelAction(static _ => { });
            if (r.SyntaxTree) start.RegisterSyntaxTreeAction(static _ => { });
            if (r.CompilationEnd) start.RegisterCompilationEndAction(static _ => { });
        });
    }
}
