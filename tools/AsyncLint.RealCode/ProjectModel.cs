using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AsyncLint.RealCode;

/// <summary>
/// What the scan needs to know of one .csproj, read without MSBuild: real code bases use custom MSBuild SDKs and packages
/// that this machine cannot restore, and MSBuild refuses to evaluate a project whose SDK it cannot resolve. The reader
/// follows the Directory.Build.props / Directory.Packages.props chain, expands <c>$(Property)</c>, evaluates simple
/// conditions (<c>==</c>, <c>!=</c>, <c>and</c>, <c>or</c>) and treats one it cannot parse as true.
/// </summary>
public sealed class ProjectModel
{
    public required string Path { get; init; }
    public required string Name { get; init; }
    public required string AssemblyName { get; init; }
    public required string Sdk { get; init; }
    public required string TargetFramework { get; init; }
    public required IReadOnlyList<string> TargetFrameworks { get; init; }
    public required string LangVersion { get; init; }
    public required string Nullable { get; init; }
    public required bool AllowUnsafe { get; init; }
    public required bool ImplicitUsings { get; init; }
    public required bool IsTestProject { get; init; }
    public required IReadOnlyList<string> DefineConstants { get; init; }
    public required IReadOnlyList<string> SourceFiles { get; init; }
    public required IReadOnlyList<string> ProjectReferences { get; init; }

    /// <summary>Project references with <c>OutputItemType="Analyzer"</c>: source generators built in the same repository.</summary>
    public required IReadOnlyList<string> AnalyzerProjectReferences { get; init; }

    public required IReadOnlyList<string> NoWarn { get; init; }

    public required IReadOnlyList<string> EmbeddedResources { get; init; }

    /// <summary><c>&lt;InternalsVisibleTo Include="Friend" Key="…" /&gt;</c> items (the SDK turns them into attributes).</summary>
    public required IReadOnlyList<(string Name, string? Key)> InternalsVisibleTo { get; init; }
    public required IReadOnlyDictionary<string, string?> PackageReferences { get; init; }
    public required IReadOnlyList<string> FrameworkReferences { get; init; }
    public required IReadOnlyList<(string Name, string? Alias, bool Static)> Usings { get; init; }
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>The strong-name key when the project signs its assembly (SignAssembly + AssemblyOriginatorKeyFile), else null.</summary>
    public string? StrongNameKeyFile =>
        Properties.TryGetValue("SignAssembly", out var sign) && sign.Equals("true", StringComparison.OrdinalIgnoreCase)
        && Properties.TryGetValue("AssemblyOriginatorKeyFile", out var key) && key.Length > 0
        && File.Exists(System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, key)))
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, key))
            : null;

    /// <summary>Web SDK, an ASP.NET Core framework reference, or an ASP.NET Core package: compile against the ASP.NET Core reference pack too.</summary>
    public bool UsesAspNetCore =>
        Sdk.Contains("Web", StringComparison.OrdinalIgnoreCase)
        || FrameworkReferences.Any(f => f.Equals("Microsoft.AspNetCore.App", StringComparison.OrdinalIgnoreCase))
        || PackageReferences.Keys.Any(p => p.StartsWith("Microsoft.AspNetCore.", StringComparison.OrdinalIgnoreCase));

    public static ProjectModel Load(string projectPath, string scanRoot, string? preferredTfm)
    {
        projectPath = System.IO.Path.GetFullPath(projectPath);
        var reader = new Reader(projectPath);
        foreach (var props in AncestorFiles(projectPath, scanRoot, "Directory.Build.props"))
        {
            reader.Read(props);
        }

        foreach (var packages in AncestorFiles(projectPath, scanRoot, "Directory.Packages.props"))
        {
            reader.Read(packages);
        }

        var document = reader.Read(projectPath);
        var sdk = document?.Root?.Attribute("Sdk")?.Value
            ?? document?.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Sdk")?.Attribute("Name")?.Value
            ?? "Microsoft.NET.Sdk";

        // Multi-targeting: the newest .NET target (the one with the most APIs), else the first listed.
        var frameworks = reader.Get("TargetFrameworks").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (frameworks.Count == 0 && reader.Get("TargetFramework") is { Length: > 0 } single)
        {
            frameworks.Add(single);
        }

        var tfm = preferredTfm != null && frameworks.Contains(preferredTfm)
            ? preferredTfm
            : frameworks.OrderByDescending(AsyncLint.RealCode.TargetFrameworks.Rank).FirstOrDefault() ?? "net10.0";

        // A second pass with the chosen target, so that conditions on $(TargetFramework) select the right items.
        if (reader.Get("TargetFramework") != tfm)
        {
            reader = new Reader(projectPath, tfm);
            foreach (var props in AncestorFiles(projectPath, scanRoot, "Directory.Build.props"))
            {
                reader.Read(props);
            }

            foreach (var packages in AncestorFiles(projectPath, scanRoot, "Directory.Packages.props"))
            {
                reader.Read(packages);
            }

            reader.Read(projectPath);
        }

        var directory = System.IO.Path.GetDirectoryName(projectPath)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(projectPath);
        var packageVersions = reader.PackageVersions;
        var packageReferences = reader.PackageReferences.ToDictionary(
            p => p.Key,
            p => p.Value ?? (packageVersions.TryGetValue(p.Key, out var v) ? v : null),
            StringComparer.OrdinalIgnoreCase);

        return new ProjectModel
        {
            Path = projectPath,
            Name = name,
            AssemblyName = reader.Get("AssemblyName") is { Length: > 0 } assembly ? assembly : name,
            Sdk = sdk,
            TargetFramework = tfm,
            TargetFrameworks = frameworks,
            LangVersion = reader.Get("LangVersion"),
            Nullable = reader.Get("Nullable"),
            AllowUnsafe = reader.Get("AllowUnsafeBlocks").Equals("true", StringComparison.OrdinalIgnoreCase),
            ImplicitUsings = reader.Get("ImplicitUsings") is "enable" or "true",
            IsTestProject = reader.Get("IsTestProject").Equals("true", StringComparison.OrdinalIgnoreCase),
            DefineConstants = reader.Get("DefineConstants").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(c => !c.StartsWith("$(", StringComparison.Ordinal)).ToList(),
            SourceFiles = SourceFilesOf(directory, reader),
            ProjectReferences = reader.ProjectReferences.Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, p.Replace('\\', '/')))).Distinct().ToList(),
            AnalyzerProjectReferences = reader.AnalyzerProjectReferences.Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, p.Replace('\\', '/')))).Distinct().ToList(),
            NoWarn = reader.Get("NoWarn").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(w => int.TryParse(w, out var number) ? "CS" + number.ToString("0000") : w).ToList(),
            EmbeddedResources = reader.EmbeddedResources.SelectMany(r => Glob.Expand(directory, r)).Distinct().ToList(),
            InternalsVisibleTo = reader.InternalsVisibleTo.ToList(),
            PackageReferences = packageReferences,
            FrameworkReferences = reader.FrameworkReferences.ToList(),
            Usings = reader.Usings.ToList(),
            Properties = reader.Properties,
        };
    }

    private static IEnumerable<string> AncestorFiles(string projectPath, string scanRoot, string fileName)
    {
        var found = new List<string>();
        var stop = System.IO.Path.GetFullPath(scanRoot).TrimEnd('/');
        for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(projectPath)!); dir != null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, fileName);
            if (File.Exists(candidate))
            {
                found.Add(candidate);
            }

            if (dir.FullName.TrimEnd('/') == stop)
            {
                break;
            }
        }

        found.Reverse();
        return found;
    }

    /// <summary>The default Compile glob (**/*.cs minus bin/obj and nested projects' folders), minus Compile Remove, plus Compile Include outside it.</summary>
    private static List<string> SourceFilesOf(string directory, Reader reader)
    {
        var files = new List<string>();
        if (!reader.Get("EnableDefaultCompileItems").Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            CollectDefault(directory, directory, files);
        }

        foreach (var include in reader.CompileIncludes)
        {
            files.AddRange(Glob.Expand(directory, include));
        }

        var removed = new HashSet<string>(reader.CompileRemoves.SelectMany(r => Glob.Expand(directory, r)), StringComparer.Ordinal);
        return files.Select(System.IO.Path.GetFullPath).Where(f => !removed.Contains(f)).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static void CollectDefault(string projectDirectory, string directory, List<string> files)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.cs"))
        {
            files.Add(file);
        }

        foreach (var sub in System.IO.Directory.EnumerateDirectories(directory))
        {
            var leaf = System.IO.Path.GetFileName(sub);
            if (directory == projectDirectory && (leaf is "bin" or "obj"))
            {
                continue;
            }

            if (System.IO.Directory.EnumerateFiles(sub, "*.csproj").Any())
            {
                continue;
            }

            CollectDefault(projectDirectory, sub, files);
        }
    }

    /// <summary>A small MSBuild property and item reader (see the class comment).</summary>
    private sealed class Reader
    {
        private static readonly Regex PropertyReference = new(@"\$\(([A-Za-z_][A-Za-z0-9_\-]*)\)", RegexOptions.Compiled);

        public Reader(string projectPath, string? targetFramework = null)
        {
            Properties["MSBuildProjectName"] = System.IO.Path.GetFileNameWithoutExtension(projectPath);
            Properties["MSBuildProjectDirectory"] = System.IO.Path.GetDirectoryName(projectPath)!;
            Properties["MSBuildProjectFile"] = System.IO.Path.GetFileName(projectPath);
            Properties["Configuration"] = "Release";
            if (targetFramework != null)
            {
                Properties["TargetFramework"] = targetFramework;
                _fixedTargetFramework = true;
            }
        }

        private readonly bool _fixedTargetFramework;

        public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, string?> PackageReferences { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, string> PackageVersions { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<string> ProjectReferences { get; } = new();
        public List<string> AnalyzerProjectReferences { get; } = new();
        public List<string> EmbeddedResources { get; } = new();
        public List<(string Name, string? Key)> InternalsVisibleTo { get; } = new();
        public List<string> FrameworkReferences { get; } = new();
        public List<string> CompileIncludes { get; } = new();
        public List<string> CompileRemoves { get; } = new();
        public List<(string Name, string? Alias, bool Static)> Usings { get; } = new();

        public string Get(string name) => Properties.TryGetValue(name, out var value) ? value : "";

        public XDocument? Read(string file)
        {
            XDocument document;
            try
            {
                document = XDocument.Load(file);
            }
            catch (Exception)
            {
                return null;
            }

            var saved = (Get("MSBuildThisFileDirectory"), Get("MSBuildThisFile"));
            Properties["MSBuildThisFileDirectory"] = System.IO.Path.GetDirectoryName(file)! + "/";
            Properties["MSBuildThisFile"] = System.IO.Path.GetFileName(file);
            foreach (var element in document.Root?.Elements() ?? Enumerable.Empty<XElement>())
            {
                Visit(element);
            }

            (Properties["MSBuildThisFileDirectory"], Properties["MSBuildThisFile"]) = saved;
            return document;
        }

        private void Visit(XElement element)
        {
            if (!Condition(element))
            {
                return;
            }

            switch (element.Name.LocalName)
            {
                case "PropertyGroup":
                    foreach (var property in element.Elements())
                    {
                        if (Condition(property) && !(_fixedTargetFramework && property.Name.LocalName == "TargetFramework"))
                        {
                            Properties[property.Name.LocalName] = Expand(property.Value.Trim());
                        }
                    }

                    break;
                case "ItemGroup":
                    foreach (var item in element.Elements())
                    {
                        if (Condition(item))
                        {
                            Item(item);
                        }
                    }

                    break;
                case "Choose":
                    foreach (var branch in element.Elements())
                    {
                        if (branch.Name.LocalName == "Otherwise" || Condition(branch))
                        {
                            foreach (var child in branch.Elements())
                            {
                                Visit(child);
                            }

                            break;
                        }
                    }

                    break;
            }
        }

        private void Item(XElement item)
        {
            var include = Expand(item.Attribute("Include")?.Value ?? "");
            var update = Expand(item.Attribute("Update")?.Value ?? "");
            var remove = Expand(item.Attribute("Remove")?.Value ?? "");
            string? Metadata(string name) =>
                item.Attribute(name)?.Value is { } attribute ? Expand(attribute)
                : item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value is { } element ? Expand(element.Trim())
                : null;

            switch (item.Name.LocalName)
            {
                case "Compile":
                    if (include.Length > 0) CompileIncludes.AddRange(Split(include));
                    if (remove.Length > 0) CompileRemoves.AddRange(Split(remove));
                    break;
                case "ProjectReference":
                    if ((Metadata("OutputItemType") ?? "").Equals("Analyzer", StringComparison.OrdinalIgnoreCase))
                    {
                        AnalyzerProjectReferences.AddRange(Split(include));
                    }
                    else
                    {
                        ProjectReferences.AddRange(Split(include));
                    }

                    break;
                case "InternalsVisibleTo":
                    foreach (var name in Split(include))
                    {
                        InternalsVisibleTo.Add((name, Metadata("Key") ?? Metadata("PublicKey")));
                    }

                    break;
                case "EmbeddedResource":
                    EmbeddedResources.AddRange(Split(include));
                    break;
                case "PackageReference":
                    foreach (var id in Split(include))
                    {
                        PackageReferences[id] = Metadata("Version") ?? Metadata("VersionOverride");
                    }

                    foreach (var id in Split(update))
                    {
                        if (Metadata("Version") is { } version)
                        {
                            PackageVersions[id] = version;
                        }
                    }

                    break;
                case "PackageVersion":
                    foreach (var id in Split(include))
                    {
                        if (Metadata("Version") is { } version)
                        {
                            PackageVersions[id] = version;
                        }
                    }

                    break;
                case "FrameworkReference":
                    FrameworkReferences.AddRange(Split(include));
                    break;
                case "Using":
                    foreach (var name in Split(include))
                    {
                        Usings.Add((name, Metadata("Alias"), (Metadata("Static") ?? "").Equals("true", StringComparison.OrdinalIgnoreCase)));
                    }

                    if (remove.Length > 0)
                    {
                        Usings.RemoveAll(u => Split(remove).Contains(u.Name));
                    }

                    break;
            }
        }

        private static IEnumerable<string> Split(string list) =>
            list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private string Expand(string value) =>
            PropertyReference.Replace(value, m => Get(m.Groups[1].Value));

        /// <summary>Evaluates the element's Condition; one the reader cannot parse counts as true.</summary>
        private bool Condition(XElement element)
        {
            var condition = element.Attribute("Condition")?.Value;
            if (string.IsNullOrWhiteSpace(condition))
            {
                return true;
            }

            try
            {
                return new ConditionParser(Expand(condition)).Parse() ?? true;
            }
            catch (FormatException)
            {
                return true;
            }
        }
    }

    /// <summary><c>a == b</c>, <c>a != b</c>, <c>and</c>, <c>or</c>, <c>!</c>, parentheses, over quoted strings; null when not decidable.</summary>
    private sealed class ConditionParser
    {
        private readonly string _text;
        private int _position;

        public ConditionParser(string text) => _text = text;

        public bool? Parse()
        {
            var result = Or();
            SkipSpace();
            return _position == _text.Length ? result : null;
        }

        private bool? Or()
        {
            var left = And();
            while (Keyword("or"))
            {
                var right = And();
                left = left == true || right == true ? true : left == null || right == null ? null : false;
            }

            return left;
        }

        private bool? And()
        {
            var left = Unary();
            while (Keyword("and"))
            {
                var right = Unary();
                left = left == false || right == false ? false : left == null || right == null ? null : true;
            }

            return left;
        }

        private bool? Unary()
        {
            SkipSpace();
            if (Peek('!') && !PeekAt(1, '='))
            {
                _position++;
                return !Unary();
            }

            if (Peek('('))
            {
                _position++;
                var inner = Or();
                SkipSpace();
                Expect(')');
                return inner;
            }

            var left = Operand();
            SkipSpace();
            if (Peek('=') && PeekAt(1, '='))
            {
                _position += 2;
                var right = Operand();
                return left == null || right == null ? null : string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
            }

            if (Peek('!') && PeekAt(1, '='))
            {
                _position += 2;
                var right = Operand();
                return left == null || right == null ? null : !string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
            }

            return left?.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            };
        }

        /// <summary>A quoted string, or a bare word; null for what the reader cannot evaluate (property functions).</summary>
        private string? Operand()
        {
            SkipSpace();
            if (Peek('\''))
            {
                var end = _text.IndexOf('\'', _position + 1);
                if (end < 0)
                {
                    throw new FormatException();
                }

                var value = _text.Substring(_position + 1, end - _position - 1);
                _position = end + 1;
                return value.Contains("$(") || value.Contains("@(") || value.Contains("%(") ? null : value;
            }

            var start = _position;
            while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '.' or '_' or '-'))
            {
                _position++;
            }

            if (start == _position)
            {
                throw new FormatException();
            }

            return _text.Substring(start, _position - start);
        }

        private bool Keyword(string word)
        {
            SkipSpace();
            if (_position + word.Length <= _text.Length
                && string.Compare(_text, _position, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (_position + word.Length == _text.Length || !char.IsLetterOrDigit(_text[_position + word.Length])))
            {
                _position += word.Length;
                return true;
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }

        private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

        private bool PeekAt(int offset, char c) => _position + offset < _text.Length && _text[_position + offset] == c;

        private void Expect(char c)
        {
            if (!Peek(c))
            {
                throw new FormatException();
            }

            _position++;
        }
    }
}

/// <summary>MSBuild-style globs: <c>**</c>, <c>*</c>, <c>?</c>, relative to the project folder.</summary>
public static class Glob
{
    public static IEnumerable<string> Expand(string baseDirectory, string pattern)
    {
        pattern = pattern.Replace('\\', '/');
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, pattern));
        if (!full.Contains('*') && !full.Contains('?'))
        {
            return File.Exists(full) ? new[] { full } : Array.Empty<string>();
        }

        var firstWildcard = full.IndexOfAny(new[] { '*', '?' });
        var root = full.Substring(0, full.LastIndexOf('/', firstWildcard) + 1);
        if (!System.IO.Directory.Exists(root))
        {
            return Array.Empty<string>();
        }

        var regex = new Regex("^" + Regex.Escape(full)
            .Replace(@"\*\*/", "(.*/)?")
            .Replace(@"\*\*", ".*")
            .Replace(@"\*", "[^/]*")
            .Replace(@"\?", "[^/]") + "$");
        return System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => regex.IsMatch(f)).ToList();
    }
}

/// <summary>Target framework monikers: which is newest, and the preprocessor symbols the SDK defines for one.</summary>
public static class TargetFrameworks
{
    public static int Rank(string tfm)
    {
        var (family, major, minor) = Parse(tfm);
        return family switch
        {
            "net" when major >= 5 => 3000 + major * 10 + minor,
            "netcoreapp" => 2000 + major * 10 + minor,
            "netstandard" => 1000 + major * 10 + minor,
            _ => major * 10 + minor,
        };
    }

    /// <summary>NET, NET8_0, NET8_0_OR_GREATER … NETCOREAPP3_1_OR_GREATER, as the .NET SDK defines them.</summary>
    public static IEnumerable<string> Symbols(string tfm)
    {
        var (family, major, minor) = Parse(tfm);
        switch (family)
        {
            case "net" when major >= 5:
                yield return "NET";
                yield return "NETCOREAPP";
                yield return $"NET{major}_{minor}";
                for (var m = 5; m <= major; m++)
                {
                    yield return $"NET{m}_0_OR_GREATER";
                }

                foreach (var core in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" })
                {
                    yield return $"NETCOREAPP{core}_OR_GREATER";
                }

                break;
            case "netcoreapp":
                yield return "NETCOREAPP";
                yield return $"NETCOREAPP{major}_{minor}";
                break;
            case "netstandard":
                yield return "NETSTANDARD";
                yield return $"NETSTANDARD{major}_{minor}";
                for (var m = 0; m <= minor; m++)
                {
                    yield return $"NETSTANDARD{major}_{m}_OR_GREATER";
                }

                if (major == 2)
                {
                    foreach (var one in new[] { "0", "1", "2", "3", "4", "5", "6" })
                    {
                        yield return $"NETSTANDARD1_{one}_OR_GREATER";
                    }
                }

                break;
            case "net":
                yield return "NETFRAMEWORK";
                yield return $"NET{major}{minor}";
                break;
        }
    }

    private static (string Family, int Major, int Minor) Parse(string tfm)
    {
        var m = Regex.Match(tfm.Split('-')[0], @"^(netcoreapp|netstandard|net)(\d+)(?:\.(\d+))?$");
        if (!m.Success)
        {
            return ("", 0, 0);
        }

        var family = m.Groups[1].Value;
        var digits = m.Groups[2].Value;
        if (family == "net" && !m.Groups[3].Success && digits.Length >= 2)
        {
            // net48, net472: .NET Framework.
            return ("net", digits[0] - '0', int.Parse(digits.Substring(1)));
        }

        return (family, int.Parse(digits), m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0);
    }
}
