namespace OmniSupport.Api.OpenApi;

/// <summary>A small page that loads <c>openapi.json</c> and lists the operations (no CDN, no framework).</summary>
internal static class DocsPage
{
    public const string Html = """
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>OmniSupport API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;padding-bottom:.25rem;margin-top:2rem}
.op{border:1px solid #e3e3e3;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;font-family:monospace}
.GET{color:#0a6}.POST{color:#06c}.PUT{color:#a60}.PATCH{color:#a0a}.DELETE{color:#c22}
code,pre{background:#f6f6f6;padding:.1rem .3rem;border-radius:3px}pre{padding:.5rem;overflow:auto}
.scope{float:right;font-size:.8rem;color:#666}
</style></head>
<body><h1>OmniSupport API</h1><p id="desc"></p><p>Raw document: <a href="openapi.json">openapi.json</a></p><div id="ops">Loading…</div>
<script>
fetch('openapi.json').then(r=>r.json()).then(doc=>{
  document.getElementById('desc').textContent=doc.info.description;
  const byTag={};
  for(const [path,item] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(item)){(byTag[op.tags[0]]??=[]).push({path,method:method.toUpperCase(),op});}}
  const root=document.getElementById('ops');root.textContent='';
  for(const [tag,ops] of Object.entries(byTag)){
    const h=document.createElement('h2');h.textContent=tag;root.appendChild(h);
    for(const {path,method,op} of ops){
      const d=document.createElement('div');d.className='op';
      const m=document.createElement('span');m.className='m '+method;m.textContent=method;d.appendChild(m);
      const c=document.createElement('code');c.textContent=path;d.appendChild(c);
      const s=document.createElement('span');s.className='scope';s.textContent=op['x-scope']?('scope: '+op['x-scope']):'no key';d.appendChild(s);
      const p=document.createElement('p');p.textContent=op.summary;d.appendChild(p);
      const q=(op.parameters||[]).filter(x=>x.in==='query').map(x=>x.name);
      if(q.length){const qp=document.createElement('p');qp.textContent='Query: '+q.join(', ');d.appendChild(qp);}
      const st=Object.keys(op.responses||{});
      if(st.length){const sp=document.createElement('p');sp.textContent='Answers: '+st.join(', ');d.appendChild(sp);}
      const ex=op.requestBody?.content?.['application/json']?.example;
      if(ex){const pre=document.createElement('pre');pre.textContent=JSON.stringify(ex,null,2);d.appendChild(pre);}
      root.appendChild(d);
    }
  }
}).catch(e=>{document.getElementById('ops').textContent='Could not load openapi.json: '+e;});
</script></body></html>
""";
}
