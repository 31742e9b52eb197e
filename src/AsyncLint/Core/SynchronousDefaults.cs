using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// Async members whose base implementation only runs the synchronous one, so that calling them changes nothing unless
    /// the receiver's type overrides them: System.Data.Common's <c>DbConnection</c>, <c>DbCommand</c>, <c>DbTransaction</c>,
    /// <c>DbDataReader</c> and <c>DbBatch</c> (every async member: <c>OpenAsync</c> calls <c>Open</c>, <c>CommitAsync</c>
    /// calls <c>Commit</c>, <c>DisposeAsync</c> calls <c>Dispose</c>…), <c>Stream.DisposeAsync</c> and
    /// <c>TextWriter.DisposeAsync</c> (they call <c>Dispose</c>), and <c>PipeWriter</c>/<c>PipeReader.CompleteAsync</c>
    /// (they call <c>Complete</c>). SqlClient, for one, overrides <c>OpenAsync</c> and <c>ExecuteNonQueryAsync</c> but
    /// inherits <c>DisposeAsync</c>, <c>CloseAsync</c>, <c>CommitAsync</c> and <c>RollbackAsync</c>.
    /// Also the providers whose async API is documented as synchronous (Microsoft.Data.Sqlite), extended by the user's
    /// <c>asynclint.synchronous_providers</c>. One instance per compilation; the types are resolved once.
    /// </summary>
    internal sealed class SynchronousDefaults
    {
        /// <summary>Namespaces (or types) whose async members run synchronously by documented design.</summary>
        private static readonly ImmutableArray<string> BuiltInSynchronousProviders = ImmutableArray.Create(
            "Microsoft.Data.Sqlite"); // "Async ADO.NET methods will execute synchronously in Microsoft.Data.Sqlite"

        private static readonly ImmutableArray<string> AllAsyncMembers = ImmutableArray<string>.Empty;

        // The types are resolved when a member of one of their names is asked about (LazyType).
        private readonly ImmutableArray<(LazyType Type, ImmutableArray<string> Members)> bases;
        private readonly Lazy<IMethodSymbol?> disposeAsync;
        private readonly ImmutableArray<LazyType> commandTypes;

        public SynchronousDefaults(Compilation compilation)
        {
            disposeAsync = new Lazy<IMethodSymbol?>(() => compilation.GetTypeByMetadataName("System.IAsyncDisposable")?.GetMembers("DisposeAsync").FirstOrDefault() as IMethodSymbol, LazyThreadSafetyMode.PublicationOnly);
            var command = new LazyType(compilation, "System.Data.Common.DbCommand");
            var batch = new LazyType(compilation, "System.Data.Common.DbBatch");
            bases = ImmutableArray.Create(
                (new LazyType(compilation, "System.Data.Common.DbConnection"), AllAsyncMembers),
                (command, AllAsyncMembers),
                (new LazyType(compilation, "System.Data.Common.DbTransaction"), AllAsyncMembers),
                (new LazyType(compilation, "System.Data.Common.DbDataReader"), AllAsyncMembers),
                (batch, AllAsyncMembers),
                (new LazyType(compilation, "System.IO.Stream"), ImmutableArray.Create("DisposeAsync")),
                (new LazyType(compilation, "System.IO.TextWriter"), ImmutableArray.Create("DisposeAsync")),
                (new LazyType(compilation, "System.IO.Pipelines.PipeWriter"), ImmutableArray.Create("CompleteAsync")),
                (new LazyType(compilation, "System.IO.Pipelines.PipeReader"), ImmutableArray.Create("CompleteAsync")));
            commandTypes = ImmutableArray.Create(command, batch);
        }

        /// <summary>
        /// Whether <paramref name="asyncMember"/>, on an object whose runtime type is <paramref name="runtimeType"/>, is one of
        /// the base implementations above: the most derived override along the type's base chain is the base's own. An
        /// abstract type or an interface is not a runtime type (a derived type may override: Npgsql and MySqlConnector do),
        /// except for the disposal of a command or a batch (<see cref="DisposesInMemory"/>).
        /// </summary>
        public bool IsSynchronousDefault(IMethodSymbol asyncMember, ITypeSymbol runtimeType)
        {
            if (runtimeType.TypeKind != TypeKind.Class
                || (runtimeType.IsAbstract && !DisposesInMemory(asyncMember, runtimeType)))
            {
                return false;
            }

            var implementation = Implementation(asyncMember, runtimeType);
            if (implementation is null || !IsDefaultMember(implementation))
            {
                return false;
            }

            // A non-virtual member runs a virtual one: OpenAsync() → OpenAsync(CancellationToken), ExecuteReaderAsync →
            // ExecuteDbDataReaderAsync. It is the default only if what it runs is the default too.
            foreach (var dispatched in DispatchTargets(implementation))
            {
                if (Implementation(dispatched, runtimeType) is not { } target || !IsDefaultMember(target))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// <c>DisposeAsync</c> of a <c>DbCommand</c> or <c>DbBatch</c> declared abstract: whatever provider made it, disposing
        /// a command releases nothing on the server, so the default (which runs <c>Dispose</c>) is what every provider
        /// needs. SqlClient and Microsoft.Data.Sqlite inherit the default; Npgsql overrides only <c>Dispose(bool)</c>, which
        /// returns the command to its connection's cache in memory. An abstract command type that overrides
        /// <c>DisposeAsync</c> itself is not the default (its override is found first).
        /// </summary>
        private bool DisposesInMemory(IMethodSymbol asyncMember, ITypeSymbol type)
        {
            if (asyncMember.Name != "DisposeAsync")
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var command in commandTypes)
                {
                    if (command.Is(t))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Types whose <c>DisposeAsync</c> only forwards to the data reader and the command of the provider that made them:
        /// Dapper's <c>GridReader</c> (<c>QueryMultiple(Async)</c>) awaits <c>reader.DisposeAsync()</c> and
        /// <c>command.DisposeAsync()</c>, nothing else.
        /// </summary>
        public static bool ForwardsDisposalToProvider(ITypeSymbol type)
            => type.Name == "GridReader"
               && type.ContainingType is { Name: "SqlMapper" } mapper
               && mapper.ContainingNamespace?.ToDisplayString() == "Dapper";

        /// <summary>
        /// Whether the commands and readers of the provider whose connection type is <paramref name="connectionType"/>
        /// dispose synchronously even through <c>DisposeAsync</c>: the provider's own <c>CreateCommand()</c> returns a
        /// concrete command type and its <c>ExecuteReader()</c> a concrete reader type (SqlClient: SqlCommand,
        /// SqlDataReader), and both inherit the default; or the provider is a synchronous one.
        /// </summary>
        public bool ProviderDisposesSynchronously(ITypeSymbol connectionType, ImmutableArray<string> userEntries)
        {
            if (IsSynchronousProvider(connectionType, userEntries))
            {
                return true;
            }

            var command = ReturnTypeOf(connectionType, "CreateCommand");
            var reader = command is null ? null : ReturnTypeOf(command, "ExecuteReader");
            return command != null
                   && reader != null
                   && disposeAsync.Value is { } disposeAsyncMember
                   && IsSynchronousDefault(disposeAsyncMember, command)
                   && IsSynchronousDefault(disposeAsyncMember, reader);
        }

        /// <summary>The return type of the most derived parameterless <paramref name="name"/> method on the type's base chain.</summary>
        private static ITypeSymbol? ReturnTypeOf(ITypeSymbol type, string name)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var member in t.GetMembers(name))
                {
                    if (member is IMethodSymbol { Parameters.IsEmpty: true, IsStatic: false } method)
                    {
                        return method.ReturnType;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="type"/> (or a base type) belongs to a provider whose async API is synchronous by design:
        /// the built-in list or one of <paramref name="userEntries"/> (a namespace, or a type's full name).
        /// </summary>
        public static bool IsSynchronousProvider(ITypeSymbol? type, ImmutableArray<string> userEntries)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.SpecialType == SpecialType.System_Object)
                {
                    break;
                }

                var typeName = t.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
                if (Matches(typeName, BuiltInSynchronousProviders) || (!userEntries.IsDefaultOrEmpty && Matches(typeName, userEntries)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The method that runs for <paramref name="member"/> on an instance of <paramref name="type"/>.</summary>
        public static IMethodSymbol? Implementation(IMethodSymbol member, ITypeSymbol type)
        {
            var definition = member.OriginalDefinition;
            if (definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                definition = type.FindImplementationForInterfaceMember(definition) as IMethodSymbol ?? type.FindImplementationForInterfaceMember(member) as IMethodSymbol;
                if (definition is null)
                {
                    return null;
                }

                definition = definition.OriginalDefinition;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var candidate in t.GetMembers(definition.Name))
                {
                    if (candidate is IMethodSymbol method && Overrides(method.OriginalDefinition, definition))
                    {
                        return method.OriginalDefinition;
                    }
                }
            }

            return null;
        }

        private static bool Overrides(IMethodSymbol method, IMethodSymbol member)
        {
            for (var m = method; m != null; m = m.OverriddenMethod?.OriginalDefinition)
            {
                if (SymbolEqualityComparer.Default.Equals(m, member))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsDefaultMember(IMethodSymbol implementation)
        {
            foreach (var (type, members) in bases)
            {
                if (type.Is(implementation.ContainingType))
                {
                    return members.IsEmpty
                        ? implementation.Name.EndsWith("Async", StringComparison.Ordinal)
                        : members.Contains(implementation.Name);
                }
            }

            return false;
        }

        /// <summary>
        /// The virtual members a non-virtual base member calls: its overloads of the same name (<c>OpenAsync()</c> →
        /// <c>OpenAsync(CancellationToken)</c>), or the protected virtual behind it (<c>BeginTransactionAsync</c> →
        /// <c>BeginDbTransactionAsync</c>, <c>ExecuteReaderAsync</c> → <c>ExecuteDbDataReaderAsync</c>).
        /// </summary>
        private static IEnumerable<IMethodSymbol> DispatchTargets(IMethodSymbol implementation)
        {
            if (implementation.IsVirtual || implementation.IsOverride || implementation.IsAbstract)
            {
                yield break;
            }

            var names = implementation.Name switch
            {
                "BeginTransactionAsync" => new[] { "BeginDbTransactionAsync" },
                "ExecuteReaderAsync" => new[] { "ExecuteDbDataReaderAsync" },
                _ => new[] { implementation.Name },
            };
            foreach (var name in names)
            {
                foreach (var member in implementation.ContainingType.GetMembers(name))
                {
                    if (member is IMethodSymbol { IsVirtual: true } virtualMember)
                    {
                        yield return virtualMember;
                    }
                }
            }
        }

        private static bool Matches(string typeName, ImmutableArray<string> entries)
        {
            foreach (var entry in entries)
            {
                var trimmed = entry.StartsWith("T:", StringComparison.Ordinal) ? entry.Substring(2) : entry;
                if (typeName == trimmed
                    || (typeName.Length > trimmed.Length && typeName.StartsWith(trimmed, StringComparison.Ordinal) && typeName[trimmed.Length] == '.'))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
