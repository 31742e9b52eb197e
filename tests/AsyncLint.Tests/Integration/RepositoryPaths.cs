using System;
using System.IO;

namespace AsyncLint.Tests.Integration
{
    /// <summary>Locates the repository from the test assembly's folder.</summary>
    internal static class RepositoryPaths
    {
        public static string Root { get; } = FindRoot();

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "AsyncLint.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("AsyncLint.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
