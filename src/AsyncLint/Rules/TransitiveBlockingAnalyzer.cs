using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC105: async code calls a synchronous method of the same compilation that blocks further down (it, or a
    /// synchronous method it calls, does what ASYNC101–103 find). Needs the whole compilation: facts are gathered per
    /// method while operations are analyzed, and the call chains are resolved once at compilation end, bounded in
    /// depth, memoized, and safe on cycles.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TransitiveBlockingAnalyzer : DiagnosticAnalyzer
    {
        private const int MaxDepth = 6;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TransitiveBlocking);

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

                var facts = new Facts(start.Compilation.Assembly);
                start.RegisterOperationAction(c => Collect(c, shared, facts), OperationKind.Invocation, OperationKind.PropertyReference);
                start.RegisterCompilationEndAction(c => ReportChains(c, types, facts));
            });
        }

        private static void Collect(OperationAnalysisContext context, CompilationContext shared, Facts facts)
        {
            var types = shared.Types;
            // Cheap filters first: most operations are neither a call into this project nor a possibly blocking member.
            var operation = context.Operation;
            var callee = (operation as IInvocationOperation)?.TargetMethod;
            var calleeInSource = callee != null
                && SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, facts.Assembly)
                && !callee.IsAbstract;
            var mayBlock = callee is null
                ? ((IPropertyReferenceOperation)operation).Property.Name == "Result"
                : !calleeInSource && BlockingOperations.MayBlockByName(callee.Name);
            if (!calleeInSource && !mayBlock)
            {
                return;
            }

            if (!AsyncContext.TryGetEnclosingFunction(operation, context.ContainingSymbol, types, out var function))
            {
                return;
            }

            calleeInSource = calleeInSource && !AsyncContext.IsAsyncCode(callee!, types);

            if (function.IsAsyncCode)
            {
                if (calleeInSource && !SymbolEqualityComparer.Default.Equals(callee!.OriginalDefinition, function.Symbol.OriginalDefinition))
                {
                    facts.AsyncCallSites.Add(new CallSite((IInvocationOperation)operation, callee.OriginalDefinition, function.Describe()));
                }

                return;
            }

            // Only what runs when the member is called counts: not lambdas or local functions it merely creates.
            if (function.FunctionOperation != null || context.ContainingSymbol is not IMethodSymbol member)
            {
                return;
            }

            member = member.OriginalDefinition;
            if (BlockingOperations.Blocks(operation, shared))
            {
                facts.DirectBlocks.TryAdd(member, DisplayText.Of(operation.Syntax));
            }
            else if (calleeInSource && !SymbolEqualityComparer.Default.Equals(callee!.OriginalDefinition, member))
            {
                facts.Calls.GetOrAdd(member, _ => new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default)).TryAdd(callee.OriginalDefinition, 0);
            }
        }

        private static void ReportChains(CompilationAnalysisContext context, KnownTypes types, Facts facts)
        {
            if (facts.AsyncCallSites.IsEmpty || facts.DirectBlocks.IsEmpty)
            {
                return;
            }

            var memo = new Dictionary<IMethodSymbol, string?>(SymbolEqualityComparer.Default);
            foreach (var site in facts.AsyncCallSites)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var chain = Chain(site.Callee, facts, memo, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), 0);
                if (chain is null)
                {
                    continue;
                }

                // A callee with an async counterpart is ASYNC201's finding (with its fix); one call, one finding.
                if (HasAsyncCounterpart(site.Callee, types))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.TransitiveBlocking,
                    NameLocation(site.Invocation),
                    site.Callee.Name,
                    chain,
                    site.Context,
                    "make '" + site.Callee.Name + "' async (and the methods below it), then await it"));
            }
        }

        /// <summary>"Load → ReadConfig → 'task.Result'", or null when nothing below <paramref name="method"/> blocks.</summary>
        private static string? Chain(IMethodSymbol method, Facts facts, Dictionary<IMethodSymbol, string?> memo, HashSet<IMethodSymbol> visiting, int depth)
        {
            if (memo.TryGetValue(method, out var known))
            {
                return known;
            }

            if (depth > MaxDepth || !visiting.Add(method))
            {
                return null; // too deep, or a cycle: not proven here (a later visit from another root may still prove it)
            }

            string? chain = null;
            if (facts.DirectBlocks.TryGetValue(method, out var blocking))
            {
                chain = method.Name + " → '" + blocking + "'";
            }
            else if (facts.Calls.TryGetValue(method, out var callees))
            {
                foreach (var callee in callees.Keys)
                {
                    var below = Chain(callee, facts, memo, visiting, depth + 1);
                    if (below != null)
                    {
                        chain = method.Name + " → " + below;
                        break;
                    }
                }
            }

            visiting.Remove(method);
            if (chain != null || depth == 0)
            {
                memo[method] = chain;
            }

            return chain;
        }

        /// <summary><c>NameAsync</c> on the same type, taking the same parameters (plus an optional trailing CancellationToken), returning a task.</summary>
        private static bool HasAsyncCounterpart(IMethodSymbol method, KnownTypes types)
        {
            foreach (var member in method.ContainingType.GetMembers(method.Name + "Async"))
            {
                if (member is not IMethodSymbol candidate
                    || candidate.IsStatic != method.IsStatic
                    || !types.IsTaskLike(candidate.ReturnType)
                    || types.IsObsolete(candidate))
                {
                    continue;
                }

                var extra = candidate.Parameters.Length - method.Parameters.Length;
                if (extra < 0 || extra > 1 || (extra == 1 && !types.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)))
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < method.Parameters.Length && same; i++)
                {
                    same = SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, candidate.Parameters[i].Type)
                        && method.Parameters[i].RefKind == candidate.Parameters[i].RefKind;
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        private static Location NameLocation(IInvocationOperation invocation) => invocation.Syntax switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } => name.GetLocation(),
            InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name.GetLocation(),
            _ => invocation.Syntax.GetLocation(),
        };

        private sealed class Facts
        {
            public Facts(IAssemblySymbol assembly)
            {
                Assembly = assembly;
            }

            public IAssemblySymbol Assembly { get; }

            /// <summary>Synchronous members that block in their own body, with the first blocking expression.</summary>
            public ConcurrentDictionary<IMethodSymbol, string> DirectBlocks { get; } = new ConcurrentDictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);

            /// <summary>Synchronous member → the synchronous source methods it calls.</summary>
            public ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>> Calls { get; } =
                new ConcurrentDictionary<IMethodSymbol, ConcurrentDictionary<IMethodSymbol, byte>>(SymbolEqualityComparer.Default);

            public ConcurrentBag<CallSite> AsyncCallSites { get; } = new ConcurrentBag<CallSite>();
        }

        private sealed class CallSite
        {
            public CallSite(IInvocationOperation invocation, IMethodSymbol callee, string context)
            {
                Invocation = invocation;
                Callee = callee;
                Context = context;
            }

            public IInvocationOperation Invocation { get; }

            public IMethodSymbol Callee { get; }

            public string Context { get; }
        }
    }
}
