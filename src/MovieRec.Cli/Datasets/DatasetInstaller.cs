using System.IO.Compression;

namespace MovieRec.Cli.Datasets;

/// <summary>
/// Installs a dataset under data/NAME without ever leaving it half-written: files are extracted or copied into a
/// temporary folder inside the data directory, checked, then moved into place with one directory rename.
/// </summary>
public static class DatasetInstaller
{
    /// <summary>Copies the entry's files from a local folder (e.g. ../shared/data/movielens/ml-latest-small).</summary>
    public static Task<string> InstallFromFolderAsync(string name, DatasetEntry entry, string sourceDirectory, string dataDirectory)
    {
        if (!Directory.Exists(sourceDirectory)) throw new CliException($"Folder not found: {sourceDirectory}");
        CheckRequired(name, entry, sourceDirectory);
        return WithTempFolderAsync(dataDirectory, name, temp =>
        {
            foreach (var file in entry.Files)
            {
                var source = Path.Combine(sourceDirectory, file);
                if (!File.Exists(source)) continue;
                var target = Path.Combine(temp, file);
                File.Copy(source, target);
                // Copies of read-only sources (../shared/data) stay writable for the user.
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                else File.SetAttributes(target, FileAttributes.Normal);
            }
            return Task.FromResult(temp);
        });
    }

    /// <summary>Checks the zip's SHA-256 (when known), extracts it and installs the folder that holds the required files.</summary>
    public static async Task<string> InstallFromZipAsync(string name, DatasetEntry entry, string zipPath, string dataDirectory, CancellationToken ct,
        int failureExitCode = ExitCodes.UserError)
    {
        if (entry.Sha256 is { } expected)
        {
            var actual = await DatasetDownloader.Sha256OfFileAsync(zipPath, ct);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new CliException($"Checksum mismatch for {Path.GetFileName(zipPath)}: expected SHA-256 {expected}, got {actual}. Nothing was installed.", failureExitCode);
        }
        return await WithTempFolderAsync(dataDirectory, name, temp =>
        {
            try
            {
                ZipFile.ExtractToDirectory(zipPath, temp);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                throw new CliException($"{Path.GetFileName(zipPath)} is not a complete zip file ({e.Message}). Nothing was installed.", failureExitCode);
            }
            // The MovieLens zips hold one folder (ml-latest-small/...): install the folder that has the required files.
            var folder = new[] { temp }.Concat(Directory.EnumerateDirectories(temp, "*", SearchOption.AllDirectories))
                .FirstOrDefault(d => entry.Required.All(f => File.Exists(Path.Combine(d, f))));
            if (folder is null) CheckRequired(name, entry, temp); // throws with the missing file names
            return Task.FromResult(folder!);
        });
    }

    /// <summary>Installs files downloaded one by one (VADER) from a folder the caller filled.</summary>
    public static Task<string> InstallPreparedAsync(string name, DatasetEntry entry, Func<string, Task> fill, string dataDirectory) =>
        WithTempFolderAsync(dataDirectory, name, async temp =>
        {
            await fill(temp);
            CheckRequired(name, entry, temp);
            return temp;
        });

    private static void CheckRequired(string name, DatasetEntry entry, string folder)
    {
        var missing = entry.Required.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            throw new CliException($"{folder} is not a complete {name}: missing {string.Join(", ", missing)}. Nothing was installed.");
    }

    /// <summary>Runs <paramref name="build"/> in data/.tmp-NAME-xxxx; the folder it returns becomes data/NAME by rename. The temp folder is always removed.</summary>
    private static async Task<string> WithTempFolderAsync(string dataDirectory, string name, Func<string, Task<string>> build)
    {
        Directory.CreateDirectory(dataDirectory);
        var temp = Path.Combine(dataDirectory, $".tmp-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var ready = await build(temp);
            var target = Path.Combine(dataDirectory, name);
            string? old = null;
            if (Directory.Exists(target))
            {
                old = Path.Combine(dataDirectory, $".old-{name}-{Guid.NewGuid():N}");
                Directory.Move(target, old);
            }
            Directory.Move(ready, target);
            if (old is not null) Directory.Delete(old, recursive: true);
            return target;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }
}
