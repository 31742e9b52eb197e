using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// A type of the compilation, resolved by its metadata name on first use. <see cref="Compilation.GetTypeByMetadataName"/>
    /// looks the name up in the compilation and in every referenced assembly (to refuse a name two of them define), which
    /// is most of what a compilation costs AsyncLint before any code is analyzed; resolved on demand, a compilation pays
    /// only for the types its code makes a rule ask about. Thread-safe: two threads may resolve it at once and get the same
    /// answer.
    /// </summary>
    internal sealed class LazyType
    {
        private readonly Compilation _compilation;
        private INamedTypeSymbol? _type;
        private int _resolved;

        public LazyType(Compilation compilation, string metadataName)
        {
            _compilation = compilation;
            MetadataName = metadataName;
            var simple = metadataName.Substring(metadataName.LastIndexOfAny(Separators) + 1);
            var arity = simple.IndexOf('`');
            Name = arity < 0 ? simple : simple.Substring(0, arity);
        }

        /// <summary>"System.Threading.Tasks.Task`1", "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter".</summary>
        public string MetadataName { get; }

        /// <summary>The type's own name ("Task" for Task`1, "ConfiguredTaskAwaiter"): <see cref="ISymbol.Name"/> of the type and of every constructed form of it.</summary>
        public string Name { get; }

        /// <summary>The type, or null when the compilation has none of that name (or two).</summary>
        public INamedTypeSymbol? Type
        {
            get
            {
                if (Volatile.Read(ref _resolved) == 0)
                {
                    _type = _compilation.GetTypeByMetadataName(MetadataName);
                    Volatile.Write(ref _resolved, 1);
                }

                return _type;
            }
        }

        /// <summary>
        /// Whether <paramref name="type"/> is this type (compared as is: pass the original definition to match any
        /// construction of a generic type). The name is compared first, so a type of another name never resolves this one.
        /// </summary>
        public bool Is(ITypeSymbol? type)
            => type != null && type.Name == Name && SymbolEqualityComparer.Default.Equals(type, Type);

        private static readonly char[] Separators = { '.', '+' };
    }
}
