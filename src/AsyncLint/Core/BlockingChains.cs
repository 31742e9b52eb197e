using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Why a synchronous source method blocks: the methods from it down to the one that blocks in its own body
    /// (<see cref="Methods"/>, the callee first), and that blocking operation (<see cref="Root"/>).
    /// </summary>
    internal sealed class BlockingChain
    {
        public BlockingChain(ImmutableArray<IMethodSymbol> methods, IOperation root)
        {
            Methods = methods;
            Root = root;
        }

        /// <summary>The callee first, the method whose body blocks last.</summary>
        public ImmutableArray<IMethodSymbol> Methods { get; }

        /// <summary>The blocking operation in the last method's body (its semantic model is the tree's own).</summary>
        public IOperation Root { get; }

        /// <summary>"LoadCached → ReadFile → 'File.ReadAllTextAsync(name).Result'", as ASYNC105's message shows it.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            foreach (var method in Methods)
            {
                parts.Add(method.Name);
            }

            parts.Add("'" + DisplayText.Of(Root.Syntax) + "'");
            return string.Join(" → ", parts);
        }
    }

    /// <summary>
    /// The lazy "may block" summary of synchronous source methods, asked one method at a time and memoized per
    /// compilation: a method blocks when its own body (not the lambdas or local functions it only creates) does what
    /// <see cref="BlockingOperations.Blocks"/> finds, or calls a synchronous method of the same compilation that blocks.
    /// The search follows calls in source order, at most <see cref="MaxDepth"/> deep, and is safe on cycles; the first
    /// chain found is the answer, so the same code gives the same chain on every run. Only the bodies a question
    /// reaches are bound. The code fixes ask it where a finding's blocking is (ASYNC105's cascade starts at the root).
    /// </summary>
    internal sealed class BlockingChains
    {
        public const int MaxDepth = 6;

        private readonly CompilationContext _context;
        private readonly ConcurrentDictionary<IMethodSymbol, BlockingChain?> _memo = new ConcurrentDictionary<IMethodSymbol, BlockingChain?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();

        internal BlockingChains(CompilationContext context)
        {
            _context = context;
        }

        /// <summary>The chain below <paramref name="method"/>, or null when nothing it runs blocks (as far as the search sees).</summary>
        public BlockingChain? Find(IMethodSymbol method, CancellationToken cancellationToken)
            => Find(method.OriginalDefinition, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), 0, cancellationToken, out _);

        /// <summary>A synchronous, non-abstract method with a body in this compilation: the methods a chain goes through.</summary>
        public bool IsFollowed(IMethodSymbol method)
            => !method.IsAbstract
               && !method.IsExtern
               && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _context.Compilation.Assembly)
               && !AsyncContext.IsAsyncCode(method, _context.Types)
               && method.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation;

        private BlockingChain? Find(IMethodSymbol method, HashSet<IMethodSymbol> visiting, int depth, CancellationToken cancellationToken, out bool sawCycle)
        {
            sawCycle = false;
            if (_memo.TryGetValue(method, out var known))
            {
                return known;
            }

            if (depth > MaxDepth || !visiting.Add(method))
            {
                sawCycle = true; // not proven here; a visit from another root may still prove it
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            BlockingChain? chain = null;
            var body = Body(method, cancellationToken);
            if (body != null)
            {
                var calls = new List<IInvocationOperation>();
                foreach (var operation in OwnOperations(body))
                {
                    if (operation is IPropertyReferenceOperation or IInvocationOperation && BlockingOperations.Blocks(operation, _context))
                    {
                        chain = new BlockingChain(ImmutableArray.Create(method), operation);
                        break;
                    }

                    if (operation is IInvocationOperation invocation
                        && IsFollowed(invocation.TargetMethod)
                        && !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, method))
                    {
                        calls.Add(invocation);
                    }
                }

                for (var i = 0; chain is null && i < calls.Count; i++)
                {
                    var below = Find(calls[i].TargetMethod.OriginalDefinition, visiting, depth + 1, cancellationToken, out var cycle);
                    sawCycle |= cycle;
                    if (below != null)
                    {
                        chain = new BlockingChain(below.Methods.Insert(0, method), below.Root);
                    }
                }
            }

            visiting.Remove(method);
            if (chain != null || !sawCycle)
            {
                _memo.TryAdd(method, chain);
            }

            return chain;
        }

        private IOperation? Body(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var model = _models.GetOrAdd(syntax.SyntaxTree, CreateModel);
                var operation = model.GetOperation(syntax, cancellationToken);
                if (operation != null)
                {
                    return operation;
                }
            }

            return null;
        }

#pragma warning disable RS1030 // The summary binds only the callee bodies a question reaches, lazily; no analyzer callback hands out their models.
        private SemanticModel CreateModel(SyntaxTree tree) => _context.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

        /// <summary>The operations of <paramref name="body"/> that block (<see cref="BlockingOperations.Blocks"/>), in source order, not those of the functions it only creates.</summary>
        public static IEnumerable<IOperation> BlockingIn(IOperation body, CompilationContext context)
        {
            foreach (var operation in OwnOperations(body))
            {
                if (operation is IPropertyReferenceOperation or IInvocationOperation && BlockingOperations.Blocks(operation, context))
                {
                    yield return operation;
                }
            }
        }

        /// <summary>The operations that run when the method runs, in source order: not inside lambdas or local functions.</summary>
        private static IEnumerable<IOperation> OwnOperations(IOperation body)
        {
            var stack = new Stack<IOperation>();
            stack.Push(body);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                yield return current;
                var children = new List<IOperation>(current.ChildOperations);
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    if (children[i] is not (IAnonymousFunctionOperation or ILocalFunctionOperation or IDelegateCreationOperation))
                    {
                        stack.Push(children[i]);
                    }
                }
            }
        }
    }
}
