using OmniSupport.Api;
using OmniSupport.Server;

var builder = ServerDefaults.CreateBuilder(args);
builder.Services.AddOmniSupport(builder.Configuration);
builder.Services.AddOmniSupportServer(builder.Configuration);

var app = builder.Build();
if (KeysCommand.Matches(args))
{
    return await KeysCommand.RunAsync(app.Services, args, Console.Out);
}

app.UseExceptionHandler();
app.MapOmniSupport();
app.Run();
return 0;

/// <summary>Named so the integration tests can host the Server in-process.</summary>
public partial class Program;
