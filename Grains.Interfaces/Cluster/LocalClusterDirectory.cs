namespace OrleansKv.Cluster;

/// <summary>
/// Where the local cluster lives when nobody says otherwise. The launcher, the shell and the
/// embedded client all start from this, so they find the same cluster whatever folder they are
/// started from (<c>dotnet run</c> of a web project runs in the project's folder, so a path
/// relative to the working directory would not do).
/// </summary>
public static class LocalClusterDirectory
{
    /// <summary>Environment variable that moves the default data directory.</summary>
    public const string EnvironmentVariable = "ORLEANSKV_DATA_DIR";

    /// <summary>
    /// $ORLEANSKV_DATA_DIR when set; otherwise the user's local application data folder
    /// (<c>$XDG_DATA_HOME</c> or <c>~/.local/share</c> on Linux) + <c>orleanskv/data</c>.
    /// </summary>
    public static string Default
    {
        get
        {
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
            {
                return Path.GetFullPath(configured);
            }

            var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return appData.Length == 0 ? Path.GetFullPath("data") : Path.Combine(appData, "orleanskv", "data");
        }
    }

    /// <summary>The SQLite membership table of the local cluster in <paramref name="dataDirectory"/>.</summary>
    public static string MembershipFile(string dataDirectory) => Path.Combine(dataDirectory, "membership.db");
}
