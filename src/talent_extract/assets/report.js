// talent_extract review report: hover/click between records and highlights, filters.
// Inline in the report; no network, no dependencies.
(function(){
'use strict';
var root=document.getElementById('te-report');
if(!root)return;
var byId={};
root.querySelectorAll('[data-record],[data-cont]').forEach(function(el){
  var id=el.getAttribute('data-record')||el.getAttribute('data-cont');
  (byId[id]=byId[id]||[]).push(el);
});
function setHl(id,on){(byId[id]||[]).forEach(function(el){el.classList.toggle('te-hl',on);});}
function recId(el){
  var t=el&&el.closest?el.closest('mark[data-record],mark[data-cont],tr[data-record]'):null;
  return t?(t.getAttribute('data-record')||t.getAttribute('data-cont')):null;
}
root.addEventListener('mouseover',function(ev){var id=recId(ev.target);if(id)setHl(id,true);});
root.addEventListener('mouseout',function(ev){var id=recId(ev.target);if(id)setHl(id,false);});
function show(id,wantRow){
  var els=byId[id]||[];
  var target=els.filter(function(el){
    return wantRow?el.tagName==='TR':el.hasAttribute('data-record')&&el.tagName==='MARK';})[0];
  if(!target)return;
  target.scrollIntoView({block:'center',behavior:'smooth'});
  els.forEach(function(el){el.classList.remove('te-flash');void el.offsetWidth;
    el.classList.add('te-flash');});
}
root.addEventListener('click',function(ev){
  var link=ev.target.closest('a.te-src');
  if(link){var h=link.getAttribute('href')||'';var id=h.replace(/^#row-/,'');
    if(byId[id]){ev.preventDefault();show(id,true);setTimeout(function(){show(id,false);},400);}
    return;}
  var id=recId(ev.target);if(!id)return;
  show(id,ev.target.closest('mark')!==null);
});
var org=document.getElementById('te-org');
var boxes=[].slice.call(document.querySelectorAll('input[data-filter-type]'));
var status=document.getElementById('te-status');
function apply(){
  var o=org.value,on={},all=true;
  boxes.forEach(function(b){on[b.value]=b.checked;if(!b.checked)all=false;});
  var active=!!o||!all,shown=0,total=0;
  root.querySelectorAll('tr[data-type]').forEach(function(tr){
    var ok=on[tr.getAttribute('data-type')]&&(!o||tr.getAttribute('data-orgs').indexOf('|'+o+'|')>=0);
    tr.hidden=!ok;
    var id=tr.getAttribute('data-record');
    if(id){total++;if(ok)shown++;
      (byId[id]||[]).forEach(function(el){if(el.tagName==='MARK')el.classList.toggle('te-off',!ok);});}
  });
  root.querySelectorAll('.te-block').forEach(function(b){
    b.hidden=!b.querySelector('tr[data-type]:not([hidden])');});
  root.querySelectorAll('section.te-article').forEach(function(s){
    s.hidden=active&&!s.querySelector('tr[data-record]:not([hidden])');});
  status.textContent=active?('showing '+shown+' of '+total+' records'):(total+' records');
}
org.addEventListener('change',apply);
boxes.forEach(function(b){b.addEventListener('change',apply);});
document.getElementById('te-reset').addEventListener('click',function(){
  org.value='';boxes.forEach(function(b){b.checked=true;});apply();});
apply();
})();
