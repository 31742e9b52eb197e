using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Resources with nothing asynchronous to do at dispose, read from the creation site: whatever <c>DisposeAsync</c>
    /// would await is not there, so <c>await using</c> or <c>DisposeAsync()</c> changes nothing at run time.
    /// <list type="bullet">
    /// <item>a read-only file stream: <c>File.OpenRead</c>, <c>FileInfo.OpenRead</c> (and any method named <c>OpenRead</c> or
    /// <c>OpenReadAsync</c> that returns a stream, the .NET naming for one opened for reading), <c>new FileStream(…, FileAccess.Read, …)</c>,
    /// <c>File.Open(…, FileAccess.Read)</c>, or <c>FileStreamOptions</c> that leave <c>Access</c> at its default (<c>Read</c>): no
    /// write buffer to flush;</item>
    /// <item>a <c>ZipArchive</c> in <c>Read</c> mode (<c>new ZipArchive(s)</c>, <c>ZipFile.OpenRead(Async)</c>, an explicit
    /// <c>ZipArchiveMode.Read</c>) and the stream of one of its entries: no central directory to write;</item>
    /// <item>a decompressing <c>GZipStream</c>/<c>DeflateStream</c>/<c>BrotliStream</c>/<c>ZLibStream</c>: no compressed tail to write;</item>
    /// <item>an HTTP body stream (<c>HttpContent.ReadAsStream(Async)</c>, <c>HttpClient.GetStreamAsync</c>, ASP.NET Core's
    /// <c>IFormFile.OpenReadStream</c>, <c>HttpRequest.Body</c>, <c>MultipartSection.Body</c>): their disposal releases the
    /// connection and never waits on it;</item>
    /// <item><c>Stream.Null</c> and the in-memory resources of <see cref="CounterpartExclusions.IsInMemoryValue"/>.</item>
    /// </list>
    /// A local assigned more than once has nothing to do when each value it may hold is <c>null</c> or one of these.
    /// A near-miss stays reported: a FileStream opened for writing, a compressing stream, a ZipArchive in Create or Update mode.
    /// </summary>
    internal static class DisposalWork
    {
        /// <summary>Whether disposing the object <paramref name="value"/> creates has nothing asynchronous to do.</summary>
        public static bool HasNothingToDo(IOperation? value)
        {
            if (value.WalkDownConversions() is not ILocalReferenceOperation reference)
            {
                return CreatesNothingToDo(value.WalkDownConversions());
            }

            // One walk over the function for the local's values (KnownValue would walk it again).
            var values = LocalValues.PossibleValues(reference);
            if (values is null)
            {
                return CreatesNothingToDo(reference);
            }

            if (values.Count == 1)
            {
                return CreatesNothingToDo(values[0]);
            }

            // Stream? f = null; … f = new FileStream(path, FileMode.Open, FileAccess.Read); … f?.Dispose();
            var created = false;
            foreach (var possible in values)
            {
                if (possible.ConstantValue is { HasValue: true, Value: null })
                {
                    continue;
                }

                if (!CreatesNothingToDo(possible))
                {
                    return false;
                }

                created = true;
            }

            return created;
        }

        /// <summary>
        /// An EF Core <c>DbContext</c> in a local whose connection is closed when it is disposed: EF opens the connection for
        /// each query or <c>SaveChanges</c> and closes it after, unless the code opens it or begins a transaction through
        /// <c>Database</c>; with it closed, <c>DisposeAsync</c> awaits nothing <c>Dispose</c> does not (EF Core's own async
        /// samples dispose with a plain <c>using</c>). Shown when every use of the local in <paramref name="function"/> is
        /// a member access other than <c>Database</c>: a context handed to another method (an argument, an extension
        /// method's receiver, an assignment) may have its connection opened there, and stays reported.
        /// </summary>
        public static bool IsContextWithClosedConnection(ITypeSymbol type, ILocalSymbol? local, IOperation? function)
        {
            if (local is null || function is null || !IsDbContext(type))
            {
                return false;
            }

            foreach (var operation in function.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                var member = reference.Parent switch
                {
                    IPropertyReferenceOperation property when property.Instance == reference => property.Property.Name,
                    IInvocationOperation invocation when invocation.Instance == reference => invocation.TargetMethod.Name,
                    _ => null,
                };
                if (member is null || (member == "Database" && !OnlyDapperUsesItsConnection((IPropertyReferenceOperation)reference.Parent!, function)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// <c>db.Database.GetDbConnection()</c> whose every use is a Dapper call (<c>conn.QueryAsync(…)</c>, directly or
        /// through a local): Dapper opens a closed connection for the call and closes it again, so the connection is
        /// closed when the context is disposed. Anything else done with <c>Database</c> (a transaction, an explicit
        /// <c>Open</c>) may leave it open.
        /// </summary>
        private static bool OnlyDapperUsesItsConnection(IPropertyReferenceOperation database, IOperation function)
        {
            if (database.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetDbConnection" } connection })
            {
                return false;
            }

            if (IsDapperReceiver(connection))
            {
                return true;
            }

            if (connection.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } })
            {
                return false;
            }

            foreach (var operation in function.Descendants())
            {
                if (operation is ILocalReferenceOperation use && SymbolEqualityComparer.Default.Equals(use.Local, local) && !IsDapperReceiver(use))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The connection is the receiver of one of Dapper's extension methods (<c>conn.QueryAsync(…)</c>).</summary>
        private static bool IsDapperReceiver(IOperation connection)
            => connection.WalkUpConversions(out _) is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { IsExtensionMethod: true } method } call } argument
               && call.Arguments.Length > 0
               && call.Arguments[0] == argument
               && method.ContainingNamespace?.ToDisplayString() == "Dapper";

        private static bool IsDbContext(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t.Name == "DbContext" && t.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CreatesNothingToDo(IOperation? value)
        {
            value = LocalValues.Unawaited(value);
            if (value is null)
            {
                return false;
            }

            return CounterpartExclusions.IsInMemoryValue(value)
                   || IsReadOnlyFile(value)
                   || IsReadModeArchive(value)
                   || IsReadModeEntryStream(value)
                   || IsDecompressing(value)
                   || IsBodyStream(value)
                   || IsNullStream(value);
        }

        private static bool IsReadOnlyFile(IOperation value)
        {
            switch (value)
            {
                case IObjectCreationOperation creation when IsType(creation.Type, "System.IO", "FileStream"):
                    return HasReadAccess(creation.Arguments);
                case IInvocationOperation { TargetMethod: { Name: "Open" } method } invocation when IsType(method.ContainingType, "System.IO", "File") || IsType(method.ContainingType, "System.IO", "FileInfo"):
                    return HasReadAccess(invocation.Arguments);
                case IInvocationOperation { TargetMethod: { Name: "OpenRead" or "OpenReadAsync" } method }:
                    // File.OpenRead, FileInfo.OpenRead, and any helper that follows the .NET naming (a project's
                    // AsyncFile.OpenRead(path)): a stream opened for reading.
                    return IsStream(ResultType(method.ReturnType));
                default:
                    return false;
            }
        }

        private static bool IsStream(ITypeSymbol? type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (IsType(t, "System.IO", "Stream"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A <c>FileAccess.Read</c> argument, or a <c>FileStreamOptions</c> created here whose <c>Access</c> is left at
        /// <c>Read</c> (its default) or set to it. Without either, a file stream is opened for writing too.
        /// </summary>
        private static bool HasReadAccess(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                var type = argument.Parameter?.Type;
                if (IsType(type, "System.IO", "FileAccess"))
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: 1 }; // FileAccess.Read
                }

                if (IsType(type, "System.IO", "FileStreamOptions"))
                {
                    if (LocalValues.KnownValue(argument.Value) is not IObjectCreationOperation options)
                    {
                        return false;
                    }

                    var initializers = options.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty;
                    foreach (var initializer in initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Access" } } access
                            && access.Value.WalkDownConversions()?.ConstantValue is not { HasValue: true, Value: 1 })
                        {
                            return false;
                        }
                    }

                    return true;
                }
            }

            return false;
        }

        private static bool IsReadModeArchive(IOperation value)
        {
            if (!IsType(ResultType(value.Type), "System.IO.Compression", "ZipArchive"))
            {
                return false;
            }

            ImmutableArray<IArgumentOperation> arguments;
            switch (value)
            {
                case IObjectCreationOperation creation:
                    arguments = creation.Arguments;
                    break;
                case IInvocationOperation invocation:
                    arguments = invocation.Arguments;
                    if (!HasArgumentOf(arguments, "ZipArchiveMode"))
                    {
                        return invocation.TargetMethod.Name is "OpenRead" or "OpenReadAsync";
                    }

                    break;
                default:
                    return false;
            }

            foreach (var argument in arguments)
            {
                if (IsType(argument.Parameter?.Type, "System.IO.Compression", "ZipArchiveMode"))
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: 0 }; // ZipArchiveMode.Read
                }
            }

            return true; // new ZipArchive(stream): Read is the default mode
        }

        /// <summary><c>archive.GetEntry(name).Open()</c> (or <c>OpenAsync</c>) on an archive in Read mode: a read-only stream.</summary>
        private static bool IsReadModeEntryStream(IOperation value)
            => value is IInvocationOperation { TargetMethod.Name: "Open" or "OpenAsync", Instance: { } entry }
               && IsType(entry.Type, "System.IO.Compression", "ZipArchiveEntry")
               && LocalValues.KnownValue(entry) is IInvocationOperation { TargetMethod.Name: "GetEntry", Instance: { } archive }
               && LocalValues.Unawaited(LocalValues.KnownValue(archive)) is { } archiveValue
               && IsReadModeArchive(archiveValue);

        private static bool IsDecompressing(IOperation value)
        {
            if (value is not IObjectCreationOperation creation
                || creation.Type?.ContainingNamespace?.ToDisplayString() != "System.IO.Compression"
                || creation.Type.Name is not ("GZipStream" or "DeflateStream" or "BrotliStream" or "ZLibStream"))
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (IsType(argument.Parameter?.Type, "System.IO.Compression", "CompressionMode"))
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: 0 }; // CompressionMode.Decompress
                }
            }

            return false; // a CompressionLevel or options: compressing
        }

        private static bool IsBodyStream(IOperation value)
        {
            switch (value)
            {
                case IInvocationOperation { TargetMethod: var method }:
                    var type = method.ContainingType;
                    return (method.Name is "ReadAsStream" or "ReadAsStreamAsync" && IsType(type, "System.Net.Http", "HttpContent"))
                           || (method.Name == "GetStreamAsync" && IsType(type, "System.Net.Http", "HttpClient"))
                           || (method.Name == "OpenReadStream" && IsType(type, "Microsoft.AspNetCore.Http", "IFormFile"));
                case IPropertyReferenceOperation { Property: { Name: "Body" } property }:
                    return IsType(property.ContainingType, "Microsoft.AspNetCore.Http", "HttpRequest")
                           || IsType(property.ContainingType, "Microsoft.AspNetCore.WebUtilities", "MultipartSection");
                default:
                    return false;
            }
        }

        private static bool IsNullStream(IOperation value)
            => value is IFieldReferenceOperation { Field: { IsStatic: true, Name: "Null" } field }
               && field.ContainingType is { } type
               && type.ContainingNamespace?.ToDisplayString() == "System.IO"
               && type.Name is "Stream" or "TextWriter" or "StreamWriter" or "TextReader" or "StreamReader" or "BinaryWriter";

        /// <summary>T for a Task&lt;T&gt; or ValueTask&lt;T&gt; (a creation site read through its await), else the type.</summary>
        private static ITypeSymbol? ResultType(ITypeSymbol? type)
            => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Task" or "ValueTask" } task
               && task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
                ? task.TypeArguments[0]
                : type;

        private static bool HasArgumentOf(ImmutableArray<IArgumentOperation> arguments, string typeName)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type.Name == typeName)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsType(ITypeSymbol? type, string containingNamespace, string name)
            => type != null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == containingNamespace;
    }
}
