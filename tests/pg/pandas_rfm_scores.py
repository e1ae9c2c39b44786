#!/usr/bin/python3
# Per-customer RFM scores with the *pandas* scoring computed by pandas itself (qcut), as an
# independent check of tests/sql/rfm_common.sql's pandas branch:
#   /usr/bin/python3 tests/pg/pandas_rfm_scores.py RETAIL.csv [AS_OF] > pandas_rfm.csv
# prints customer_id,recency,frequency,monetary,r,f,m ordered by customer_id (Debian python3-pandas).
import sys, numpy as np, pandas as pd
df = pd.read_csv(sys.argv[1], dtype={"invoice_no": str, "stock_code": str, "description": str,
                 "quantity": np.int64, "unit_price": np.float64, "customer_id": "Int64", "country": str},
                 parse_dates=["invoice_date"], keep_default_na=False, na_values={"customer_id": [""], "description": [""]})
df["amount"] = df.quantity * df.unit_price
c = df.dropna(subset=["customer_id", "description"]).groupby("customer_id").agg(
    monetary=("amount", "sum"), frequency=("invoice_no", "nunique"), last=("invoice_date", "max"))
c["recency"] = (pd.Timestamp(sys.argv[2] if len(sys.argv) > 2 else "2011-12-31") - c["last"].dt.normalize()).dt.days
c["monetary"] = c.monetary.round(6)
c["r"] = pd.qcut(c.recency, 5, labels=[5,4,3,2,1]).astype(int)
c["m"] = pd.qcut(c.monetary, 5, labels=[1,2,3,4,5]).astype(int)
c["f"] = pd.qcut(c.frequency.rank(method="first"), 5, labels=[1,2,3,4,5]).astype(int)
c = c.reset_index()[["customer_id","recency","frequency","monetary","r","f","m"]]
c.to_csv(sys.stdout, index=False)
