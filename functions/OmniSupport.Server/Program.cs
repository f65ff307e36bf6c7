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

// Exceptions and bodiless framework answers (400/404/405/414…) become problem details; then the scope policies.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthorization();
app.MapOmniSupport();
app.Run();
return 0;

/// <summary>Named so the integration tests can host the Server in-process.</summary>
public partial class Program;
