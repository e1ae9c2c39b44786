#!/usr/bin/env python3
"""Measures the shape of a retail CSV (the real data or generated data) for src/generate/retail_profile.h.

Usage: zstd -dc data/online_retail.csv.zst > /tmp/retail.csv && python3 src/generate/measure_retail.py /tmp/retail.csv
"""
import csv, collections, datetime, math, re, statistics as st
rows=list(csv.DictReader(open(__import__('sys').argv[1] if len(__import__('sys').argv)>1 else 'retail.csv',newline='')))
N=len(rows); print('rows',N)
inv=collections.OrderedDict()
for r in rows: inv.setdefault(r['invoice_no'],[]).append(r)
kinds=collections.Counter(k[0] if not k[0].isdigit() else 'N' for k in inv)
print('invoices',len(inv),kinds)
# lines per invoice by kind and customer presence
def hist(vals,caps=(1,2,3,4,5,6,8,10,12,15,20,25,30,40,50,75,100,150,200,300,500,1200)):
    c=collections.Counter()
    for v in vals:
        for cap in caps:
            if v<=cap: c[cap]+=1;break
    t=len(vals); return [(cap,round(c[cap]/t,4)) for cap in caps]
for kind in 'NC':
  for hascust in (True,False):
    L=[len(v) for k,v in inv.items() if (k[0]=='C')==(kind=='C') and (v[0]['customer_id']!='')==hascust]
    print(kind,'cust' if hascust else 'nocust','n',len(L),'lines',sum(L),'mean',round(sum(L)/max(1,len(L)),2))
    print('  ',hist(L))
print('nocust rows',sum(1 for r in rows if r['customer_id']==''))
print('C rows',sum(1 for r in rows if r['invoice_no'].startswith('C')))
print('neg qty non-C',sum(1 for r in rows if int(r['quantity'])<0 and not r['invoice_no'].startswith('C')))
print('neg qty non-C price0 nocust',sum(1 for r in rows if int(r['quantity'])<0 and not r['invoice_no'][0]=='C' and float(r['unit_price'])==0))
print('empty desc',sum(1 for r in rows if r['description']==''))
print('comma desc',sum(1 for r in rows if ',' in r['description']),'distinct',len(set(r['description'] for r in rows if ',' in r['description'])))
print('A rows',[r for r in rows if r['invoice_no'].startswith('A')])
# countries
cc=collections.Counter(r['country'] for r in rows)
print('countries',len(cc)); print([(k,v) for k,v in cc.most_common()])
cust_country={}
for r in rows:
  if r['customer_id']: cust_country.setdefault(r['customer_id'],r['country'])
print('customers',len(cust_country)); print(collections.Counter(cust_country.values()).most_common())
print('nocust countries',collections.Counter(r['country'] for r in rows if r['customer_id']=='').most_common())
# months, weekday, hour (by lines)
import datetime
mon=collections.Counter(r['invoice_date'][:7] for r in rows); print('months',sorted(mon.items()))
wd=collections.Counter(); hr=collections.Counter()
for r in rows:
  d=datetime.datetime.strptime(r['invoice_date'],'%Y-%m-%d %H:%M:%S'); wd[d.weekday()]+=1; hr[d.hour]+=1
print('weekday',sorted(wd.items())); print('hour',sorted(hr.items()))
days=sorted(set(r['invoice_date'][:10] for r in rows)); print('days',len(days),days[:3],days[-3:])
# gaps
ds=[datetime.date.fromisoformat(x) for x in days]
print('gaps',[(str(a),str(b)) for a,b in zip(ds,ds[1:]) if (b-a).days>2])
# invoices per customer
ic=collections.Counter(v[0]['customer_id'] for k,v in inv.items() if v[0]['customer_id'] and k[0]!='C')
L=sorted(ic.values()); print('inv/customer hist',hist(L,(1,2,3,4,5,7,10,15,20,30,50,100,200,300)),'max',L[-5:])
# first purchase month per customer
first={}
for k,v in inv.items():
  c=v[0]['customer_id']
  if c and c not in first: first[c]=v[0]['invoice_date'][:7]
print('first month',sorted(collections.Counter(first.values()).items()))

# ---- stock codes, prices, quantities, cancellations ----
normal=[r for r in rows if r['invoice_no'][0].isdigit()]
sc=collections.Counter(r['stock_code'] for r in normal)
print('distinct stock',len(sc))
ranked=sc.most_common()
tot=sum(sc.values())
for k in (1,10,100,500,1000,2000,3000,4000):
  if k<=len(ranked): print('rank',k,ranked[k-1][1],'cum',round(sum(v for _,v in ranked[:k])/tot,3))
special=[k for k in sc if not (k[:5].isdigit())]
print('special',[(k,sc[k]) for k in special])
for k in special:
  ps=[float(r['unit_price']) for r in normal if r['stock_code']==k]
  qs=[int(r['quantity']) for r in normal if r['stock_code']==k]
  nc=sum(1 for r in normal if r['stock_code']==k and r['customer_id']=='')
  print(' ',k,'median price',st.median(ps),'qmed',st.median(qs),'nocust',nc, collections.Counter(r['description'] for r in normal if r['stock_code']==k).most_common(2))
csc=collections.Counter(r['stock_code'] for r in rows if r['invoice_no'][0]=='C')
print('C stock top',csc.most_common(8))
# variants
v=collections.Counter(re.sub(r'^\d{5}','',k) for k in sc if k[:5].isdigit())
print('suffixes',v.most_common(20))
# per-stock median price among customer lines with qty>0 price>0
prices=collections.defaultdict(list)
for r in normal:
  p=float(r['unit_price']); q=int(r['quantity'])
  if p>0 and q>0 and r['stock_code'][:5].isdigit(): prices[r['stock_code']].append((p,q,r['customer_id']!=''))
med={k:st.median([p for p,q,c in v if c] or [p for p,q,c in v]) for k,v in prices.items()}
lm=[math.log(x) for x in med.values()]
print('log median price mean',st.mean(lm),'sd',st.stdev(lm))
# weighted by lines
pc=collections.Counter(r['unit_price'] for r in normal if r['stock_code'][:5].isdigit() and float(r['unit_price'])>0)
print('top prices',pc.most_common(60))
mc=collections.Counter(round(x,2) for x in med.values()); print('top median prices', mc.most_common(40))
# ratio nocust price / cust price per stock
rat=[]
for k,v in prices.items():
  a=[p for p,q,c in v if c]; b=[p for p,q,c in v if not c]
  if len(a)>5 and len(b)>5: rat.append(st.median(b)/st.median(a))
print('nocust/cust price ratio median',st.median(rat), 'quartiles',st.quantiles(rat,n=4))
# share of lines at the stock's modal price (customer lines)
same=0;tot2=0;lower=0
for k,v in prices.items():
  a=[p for p,q,c in v if c]
  if not a: continue
  mode=collections.Counter(a).most_common(1)[0][0]
  same+=sum(1 for p in a if p==mode); lower+=sum(1 for p in a if p<mode); tot2+=len(a)
print('cust lines at mode',same/tot2,'below',lower/tot2)
# quantity histogram by price bucket (customer lines)
def bucket(p): return 0 if p<1 else 1 if p<2.5 else 2 if p<5 else 3 if p<10 else 4
qh=collections.defaultdict(collections.Counter)
for r in normal:
  p=float(r['unit_price']); q=int(r['quantity'])
  if p>0 and q>0 and r['stock_code'][:5].isdigit(): qh[(bucket(p), r['customer_id']!='')][q]+=1
for k in sorted(qh):
  c=qh[k]; t=sum(c.values())
  print('qty bucket',k,t,[(q,round(n/t,3)) for q,n in c.most_common(16)],'>100',round(sum(n for q,n in c.items() if q>100)/t,4),'>1000',sum(n for q,n in c.items() if q>1000))
print('bucket shares stocks',collections.Counter(bucket(x) for x in med.values()))
# C lines: qty distribution
cq=collections.Counter(-int(r['quantity']) for r in rows if r['invoice_no'][0]=='C')
print('C qty',cq.most_common(15))
# cancellation matching earlier purchase same customer same stock
bought=set(); match=0; nC=0
for r in rows:
  if r['invoice_no'][0]=='C':
    nC+=1
    if (r['customer_id'],r['stock_code']) in bought: match+=1
  else: bought.add((r['customer_id'],r['stock_code']))
print('C lines matching earlier purchase',match,nC)
# description lengths, trailing spaces
descs=set((r['stock_code'],r['description']) for r in rows)
print('pairs',len(descs),'trailing space',sum(1 for _,d in descs if d.endswith(' ')))
print([d for _,d in list(descs)[:40]])
print([d for d in set(r['description'] for r in rows if ',' in r['description'])][:30])
