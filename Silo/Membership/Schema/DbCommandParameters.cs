using System.Data.Common;

namespace OrleansKv.Silo.Membership.Schema;

/// <summary>Named parameters that work the same with Microsoft.Data.Sqlite and Npgsql (both take @name).</summary>
internal static class DbCommandParameters
{
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
