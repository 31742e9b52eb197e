using System;
using System.Collections.Immutable;
using System.Linq;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Calls whose awaitable counterpart is not better, or that another rule reports: the built-in list (documented in
    /// docs/rules/ASYNC201.md) and the user's <c>asynclint.ASYNC201.excluded_members</c> entries.
    /// </summary>
    internal static class CounterpartExclusions
    {
        private static readonly SymbolDisplayFormat QualifiedName = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.None);

        /// <summary>Receivers that never wait on a device: their async members complete synchronously anyway.</summary>
        private static readonly ImmutableHashSet<string> InMemoryTypes = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "System.IO.MemoryStream",
            "System.IO.UnmanagedMemoryStream",
            "System.IO.StringReader",
            "System.IO.StringWriter");

        /// <summary>Types none of whose members this family reports (async forms with another meaning, or another rule's).</summary>
        private static readonly ImmutableHashSet<string> ExcludedTypes = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "System.Threading.CancellationTokenRegistration", // DisposeAsync only waits for a running callback, as Dispose does
            "System.Threading.Timer", // DisposeAsync waits for running callbacks; Dispose does not: another meaning
            "System.Threading.ITimer",
            "Microsoft.EntityFrameworkCore.IDbContextFactory", // CreateDbContextAsync exists for factories that do I/O; the default one does none
            "Microsoft.CodeAnalysis.SyntaxTree", // GetRootAsync/GetTextAsync: a parsed tree holds both; a recoverable one re-parses (CPU, not I/O)
            "Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree", // hides GetRoot with its own (new, not an override)
            "System.Console"); // Console's async members are synchronous wrappers

        /// <summary>Members (Type.Member) whose async form is not better.</summary>
        private static readonly ImmutableHashSet<string> ExcludedMembers = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "System.Threading.CancellationTokenSource.Cancel", // CancelAsync only moves callbacks to the pool
            "Microsoft.EntityFrameworkCore.DbSet.Add", // AddAsync only for special value generators (EF Core docs)
            "Microsoft.EntityFrameworkCore.DbSet.AddRange",
            "Microsoft.EntityFrameworkCore.DbContext.Add",
            "Microsoft.EntityFrameworkCore.DbContext.AddRange",
            "Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator.Next", // NextAsync's default runs Next; only database-backed generators (HiLo) override it, and EF calls them itself
            "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.UseTransaction"); // enlists the transaction of an open connection: no round trip

        /// <summary>
        /// Test frameworks and mocking libraries: their async asserts/setups have other contracts. UI frameworks: a modal
        /// dialog's message loop (<c>ShowDialog</c>), showing a form (<c>Show</c>) or marshalling to the UI thread
        /// (<c>Control.Invoke</c>, <c>Dispatcher.Invoke</c>) is no I/O, and their async forms (<c>ShowDialogAsync</c>,
        /// <c>InvokeAsync</c>) change when the caller's code runs, not what blocks (ShareX's commands).
        /// </summary>
        private static readonly ImmutableArray<string> ExcludedNamespaces = ImmutableArray.Create(
            "System.Windows.Forms",
            "System.Windows.Threading",
            "NUnit.Framework",
            "Xunit",
            "Microsoft.VisualStudio.TestTools.UnitTesting",
            "FluentAssertions",
            "Shouldly",
            "Moq",
            "NSubstitute",
            "FakeItEasy");

        /// <summary>
        /// The simple names of the types the lists above name (a type's name is the last part of its qualified name): a
        /// type with another name is none of them, so its qualified name, the dear part (a display string per type and
        /// base type, for every call with a counterpart), is built only for a type that bears one of these names.
        /// </summary>
        private static readonly ImmutableHashSet<string> InMemoryTypeNames = SimpleNames(InMemoryTypes);

        private static readonly ImmutableHashSet<string> ExcludedTypeNames = SimpleNames(ExcludedTypes.Union(ExcludedMembers.Select(m => m.Substring(0, m.LastIndexOf('.')))));

        /// <summary>The first part of each excluded namespace: a namespace whose outermost part is none of these is none of them.</summary>
        private static readonly ImmutableHashSet<string> ExcludedRootNamespaces = ExcludedNamespaces.Select(n => n.Split('.')[0]).ToImmutableHashSet(StringComparer.Ordinal);

        private static ImmutableHashSet<string> SimpleNames(System.Collections.Generic.IEnumerable<string> qualifiedNames)
            => qualifiedNames.Select(n => n.Substring(n.LastIndexOf('.') + 1)).ToImmutableHashSet(StringComparer.Ordinal);

        /// <summary>
        /// Whether the synchronous call <paramref name="invocation"/> on <paramref name="receiver"/> is not reported whatever
        /// its counterpart: the built-in lists, a receiver that needs no I/O, a column read of a buffered row, or the
        /// user's <c>asynclint.ASYNC201.excluded_members</c>. ASYNC201 and ASYNC105's chains ask this one question.
        /// </summary>
        public static bool Excludes(IInvocationOperation invocation, IOperation? receiver, AnalyzerOptions options)
        {
            var method = invocation.TargetMethod;
            return IsExcludedMethod(method)
                   || ParsesInMemoryText(method)
                   || IsExcludedReceiver(receiver)
                   || IsBufferedColumnRead(method, receiver)
                   || IsExcludedByUser(method, receiver?.WalkDownConversions()?.Type, AsyncLintOptions.SynchronousIOExcludedMembers.GetValue(options, invocation.Syntax.SyntaxTree));
        }

        /// <summary>
        /// A parser handed the text itself: <c>parser.ParseDocument(html)</c> (AngleSharp's HtmlParser, which Jackett calls in
        /// every indexer). Parsing a string is CPU work; the async overload of the same string exists for documents that
        /// load resources, and has nothing to wait for here.
        /// </summary>
        private static bool ParsesInMemoryText(IMethodSymbol method)
            => method.Name.StartsWith("Parse", StringComparison.Ordinal)
               && method.Name.IndexOf("File", StringComparison.Ordinal) < 0
               && method.Parameters.Length > 0
               && IsInMemoryText(method.Parameters[0].Type)
               && !NamesALocation(method.Parameters[0].Name);

        /// <summary>A parameter that holds where to read from, not what to parse: <c>path</c>, <c>fileName</c>, <c>uri</c>, <c>url</c>.</summary>
        private static bool NamesALocation(string name)
            => name.IndexOf("path", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("file", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("uri", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("url", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool IsInMemoryText(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_String)
            {
                return true;
            }

            if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char or SpecialType.System_Byte })
            {
                return true;
            }

            return type is INamedTypeSymbol { Name: "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory", TypeArguments: { Length: 1 } arguments }
                   && arguments[0].SpecialType is SpecialType.System_Char or SpecialType.System_Byte;
        }

        /// <summary>The built-in list: true when the call must not be reported.</summary>
        public static bool IsExcludedMethod(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null || BlockingCatalogue.IsOwnedByBlockingRule(method))
            {
                return true; // Task.Wait, SemaphoreSlim.Wait, Thread.Sleep…: ASYNC101–103's, from the blocking catalogue
            }

            if (ExcludedRootNamespaces.Contains(OutermostNamespace(type)))
            {
                var namespaceName = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
                foreach (var excluded in ExcludedNamespaces)
                {
                    if (namespaceName == excluded || namespaceName.StartsWith(excluded + ".", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            for (var m = method; m != null; m = m.OverriddenMethod)
            {
                if (!ExcludedTypeNames.Contains(m.ContainingType.Name))
                {
                    continue;
                }

                var typeName = m.ContainingType.OriginalDefinition.ToDisplayString(QualifiedName);
                if (ExcludedTypes.Contains(typeName) || ExcludedMembers.Contains(typeName + "." + m.Name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The receiver needs no I/O: an in-memory type (also through a local initialized with one), <c>Console.Out</c>/
        /// <c>Console.Error</c>/<c>Console.In</c>, or an <c>XmlReader</c>/<c>XmlWriter</c> not visibly created with
        /// <c>Async = true</c> (its async members throw otherwise).
        /// </summary>
        public static bool IsExcludedReceiver(IOperation? receiver)
        {
            if (receiver is null)
            {
                return false;
            }

            if (IsInMemory(receiver.WalkDownConversions()?.Type) || IsConsoleStream(receiver))
            {
                return true;
            }

            var value = LocalValues.KnownValue(receiver);
            if (value != null && (IsInMemoryValue(value) || IsConsoleStream(value)))
            {
                return true;
            }

            return IsXml(receiver.WalkDownConversions()?.Type) && !IsCreatedWithAsyncSettings(value);
        }

        /// <summary>
        /// <c>reader.IsDBNull(i)</c> or <c>reader.GetFieldValue&lt;T&gt;(i)</c> on a <c>DbDataReader</c> not visibly executed
        /// with <c>CommandBehavior.SequentialAccess</c>: in the default mode <c>Read</c> has buffered the whole row, so a
        /// column read waits on nothing; <c>IsDBNullAsync</c> and <c>GetFieldValueAsync</c> matter only in sequential mode
        /// (the ADO.NET documentation of both). A reader whose creation is not visible (a parameter, a field) is taken to be
        /// in the default mode, as most are; a behavior that is not a constant may be sequential, and stays reported.
        /// </summary>
        private static bool IsBufferedColumnRead(IMethodSymbol method, IOperation? receiver)
        {
            if (method.Name is not ("IsDBNull" or "GetFieldValue") || !IsDataReader(method.ContainingType))
            {
                return false;
            }

            if (LocalValues.Unawaited(LocalValues.KnownValue(receiver)) is not IInvocationOperation { TargetMethod.Name: "ExecuteReader" or "ExecuteReaderAsync" } execute)
            {
                return true;
            }

            foreach (var argument in execute.Arguments)
            {
                if (argument.Parameter?.Type is { Name: "CommandBehavior" } behavior && behavior.ContainingNamespace?.ToDisplayString() == "System.Data")
                {
                    return argument.Value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: int flags } && (flags & SequentialAccess) == 0;
                }
            }

            return true;
        }

        /// <summary><c>System.Data.CommandBehavior.SequentialAccess</c>.</summary>
        private const int SequentialAccess = 16;

        private static bool IsDataReader(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name == "DbDataReader" && t.ContainingNamespace?.ToDisplayString() == "System.Data.Common")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A type whose disposal or I/O never waits on a device (for ASYNC202 too).</summary>
        public static bool IsInMemory(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (InMemoryTypeNames.Contains(t.Name) && InMemoryTypes.Contains(t.OriginalDefinition.ToDisplayString(QualifiedName)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <see cref="IsExcludedMethod"/>'s type list names <paramref name="type"/> (ASYNC202 reuses it).</summary>
        public static bool IsExcludedType(ITypeSymbol? type)
            => type != null && (IsInMemory(type) || (ExcludedTypeNames.Contains(type.Name) && ExcludedTypes.Contains(type.OriginalDefinition.ToDisplayString(QualifiedName))));

        /// <summary>
        /// The user's entries: documentation-comment IDs (<c>M:System.IO.Stream.Flush</c>, with or without the parameter
        /// list; <c>T:Ns.Type</c> for every member), or <c>Type.Member</c>, <c>Ns.Type.Member</c>, <c>Type</c>, <c>Ns.Type</c>,
        /// <c>Type.*</c>. A type entry matches the receiver's type, its base types, or the member's declaring type.
        /// </summary>
        public static bool IsExcludedByUser(IMethodSymbol method, ITypeSymbol? receiverType, ImmutableArray<string> entries)
        {
            if (entries.IsDefaultOrEmpty)
            {
                return false;
            }

            var docId = (method.ReducedFrom ?? method).OriginalDefinition.GetDocumentationCommentId() ?? string.Empty;
            var parenthesis = docId.IndexOf('(');
            var docIdWithoutParameters = parenthesis < 0 ? docId : docId.Substring(0, parenthesis);
            foreach (var raw in entries)
            {
                var entry = raw.EndsWith(".*", StringComparison.Ordinal) ? raw.Substring(0, raw.Length - 2) : raw;
                if (entry.StartsWith("M:", StringComparison.Ordinal))
                {
                    if (entry == docId || entry == docIdWithoutParameters)
                    {
                        return true;
                    }

                    continue;
                }

                var isTypeId = entry.StartsWith("T:", StringComparison.Ordinal);
                if (isTypeId)
                {
                    entry = entry.Substring(2);
                }

                if (MatchesTypeOrMember(entry, receiverType, method, isTypeId) || MatchesTypeOrMember(entry, method.ContainingType, method, isTypeId))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MatchesTypeOrMember(string entry, ITypeSymbol? type, IMethodSymbol method, bool typeOnly)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                var full = t.OriginalDefinition.ToDisplayString(QualifiedName);
                if (entry == full || (!typeOnly && entry == t.Name))
                {
                    return true;
                }

                if (!typeOnly && (entry == full + "." + method.Name || entry == t.Name + "." + method.Name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>pipe.Writer</c> or <c>pipe.Reader</c> of a <c>System.IO.Pipelines.Pipe</c>: the two ends of an in-memory
        /// buffer, whose <c>Complete</c> only signals the other end (unlike <c>PipeWriter.Create(stream)</c>, which flushes).
        /// </summary>
        public static bool IsPipeEnd(IOperation? value)
            => value.WalkDownConversions() is IPropertyReferenceOperation { Property: { IsStatic: false, Name: "Writer" or "Reader" } property }
               && property.ContainingType?.ToDisplayString(QualifiedName) == "System.IO.Pipelines.Pipe";

        /// <summary><c>assembly.GetManifestResourceStream(name)</c>: an UnmanagedMemoryStream over the loaded image.</summary>
        public static bool IsResourceStream(IOperation? value)
            => value.WalkDownConversions() is IInvocationOperation { TargetMethod: { Name: "GetManifestResourceStream" } method }
               && method.ContainingType?.ToDisplayString(QualifiedName) == "System.Reflection.Assembly";

        /// <summary>
        /// A value that does no I/O: an in-memory stream, reader or writer, a manifest resource stream, an end of a
        /// <c>Pipe</c>, or an object created
        /// over one (<c>new StreamWriter(memory)</c>, <c>new Utf8JsonWriter(memory)</c>, <c>new GZipStream(memory, …)</c>).
        /// </summary>
        public static bool IsInMemoryValue(IOperation? value)
        {
            value = value.WalkDownConversions();
            if (value is null)
            {
                return false;
            }

            if (IsInMemory(value.Type) || IsResourceStream(value) || IsPipeEnd(value))
            {
                return true;
            }

            return value is IObjectCreationOperation { Arguments.Length: > 0 } creation
                   && LocalValues.KnownValue(creation.Arguments[0].Value) is { } inner
                   && inner != value
                   && IsInMemoryValue(inner);
        }

        /// <summary>The outermost namespace <paramref name="type"/> is in (<c>System</c> for System.IO.Stream), or "" in the global namespace.</summary>
        private static string OutermostNamespace(ITypeSymbol type)
        {
            var outermost = string.Empty;
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                outermost = ns.Name;
            }

            return outermost;
        }

        private static bool IsConsoleStream(IOperation receiver)
            => receiver.WalkDownConversions() is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Out" or "Error" or "In" } property }
               && property.ContainingType.ToDisplayString(QualifiedName) == "System.Console";

        private static bool IsXml(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name is not ("XmlReader" or "XmlWriter"))
                {
                    continue;
                }

                var name = t.ToDisplayString(QualifiedName);
                if (name == "System.Xml.XmlReader" || name == "System.Xml.XmlWriter")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>XmlReader.Create(…, new XmlReaderSettings { Async = true })</c>, directly or through a settings local.</summary>
        private static bool IsCreatedWithAsyncSettings(IOperation? value)
        {
            if (value is not IInvocationOperation { TargetMethod.Name: "Create" } create)
            {
                return false;
            }

            foreach (var argument in create.Arguments)
            {
                if (LocalValues.KnownValue(argument.Value) is IObjectCreationOperation { Initializer: { } initializer })
                {
                    foreach (var assignment in initializer.Initializers)
                    {
                        if (assignment is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Async" }, Value.ConstantValue: { HasValue: true, Value: true } })
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
