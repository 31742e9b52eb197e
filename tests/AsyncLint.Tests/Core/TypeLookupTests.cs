using System;
using System.IO;
using System.Linq;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncLint.Tests.Core
{
    /// <summary>
    /// The cheap forms of two questions asked on hot paths: <see cref="LazyType.Is"/> (a type resolved on first use,
    /// compared by name first) and <see cref="SymbolExtensions.IsNamespace"/> (a namespace compared part by part). Each
    /// must answer exactly what the costly form answers.
    /// </summary>
    public class TypeLookupTests
    {
        private const string Source = @"
using System.Collections.Generic;
using System.Threading.Tasks;
namespace System.Linq.Deep { class Enumerable { } }
namespace Linq { class Enumerable { } }
namespace App
{
    class Task { }
    class C
    {
        System.Threading.Tasks.Task<int> T1;
        Task<string> T2;
        List<int> L;
        System.Runtime.CompilerServices.ConfiguredTaskAwaitable<int>.ConfiguredTaskAwaiter A;
        Task Own;
    }
}";

        private static readonly string[] MetadataNames =
        {
            "System.Threading.Tasks.Task",
            "System.Threading.Tasks.Task`1",
            "System.Collections.Generic.List`1",
            "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
            "System.Threading.Tasks.NoSuchType",
            "App.Task",
        };

        [Fact]
        public void A_lazy_type_is_what_GetTypeByMetadataName_resolves()
        {
            var compilation = Compile();
            var types = AllTypes(compilation);
            foreach (var name in MetadataNames)
            {
                var lazy = new LazyType(compilation, name);
                var resolved = compilation.GetTypeByMetadataName(name);
                Assert.Equal(resolved, lazy.Type, SymbolEqualityComparer.Default);
                foreach (var type in types)
                {
                    Assert.True(
                        SymbolEqualityComparer.Default.Equals(type, resolved) == lazy.Is(type),
                        $"{name} vs {type.ToDisplayString()}");
                }
            }
        }

        [Fact]
        public void A_namespace_compared_by_parts_is_its_display_string()
        {
            var compilation = Compile();
            var namespaces = AllTypes(compilation).Select(t => t.ContainingNamespace).Concat(new[] { compilation.GlobalNamespace, null }).Distinct(SymbolEqualityComparer.Default).Cast<INamespaceSymbol?>().ToList();
            var names = new[] { "System", "System.Linq", "Linq", "System.Linq.Deep", "System.Collections.Generic", "Collections.Generic", "App", "ystem", "System.", "" };
            foreach (var ns in namespaces)
            {
                foreach (var name in names)
                {
                    Assert.True(
                        (ns?.ToDisplayString() == name) == ns.IsNamespace(name),
                        $"{ns?.ToDisplayString() ?? "null"} vs '{name}'");
                }
            }
        }

        private static CSharpCompilation Compile()
        {
            var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var references = platform.Where(p => Path.GetFileName(p) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Linq.dll" or "System.Collections.dll")
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create("Probe", new[] { CSharpSyntaxTree.ParseText(Source) }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation;
        }

        /// <summary>The fields' types (constructed and as defined), their containing types, and the source's types.</summary>
        private static ITypeSymbol[] AllTypes(Compilation compilation)
        {
            var c = compilation.GetTypeByMetadataName("App.C")!;
            var fieldTypes = c.GetMembers().OfType<IFieldSymbol>().Select(f => f.Type).ToList();
            return fieldTypes
                .Concat(fieldTypes.Select(t => t.OriginalDefinition))
                .Concat(fieldTypes.Select(t => (ITypeSymbol?)t.ContainingType).OfType<ITypeSymbol>())
                .Concat(new ITypeSymbol?[] { compilation.GetTypeByMetadataName("System.Linq.Deep.Enumerable"), compilation.GetTypeByMetadataName("Linq.Enumerable"), c })
                .OfType<ITypeSymbol>()
                .Distinct(SymbolEqualityComparer.Default)
                .Cast<ITypeSymbol>()
                .ToArray();
        }
    }
}
