--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.retail (
    invoice_no text NOT NULL,
    stock_code character varying(20),
    description text,
    quantity integer,
    invoice_date timestamp without time zone,
    unit_price numeric(18,3),
    customer_id bigint,
    country text,
    ok boolean,
    ratio double precision,
    day date
);

CREATE TABLE shop."Retail Lines" (
    a smallint,
    "B c" real
);

COPY public.retail (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country, ok, ratio, day) FROM stdin;
536365	85123A	WHITE HANGING HEART T-LIGHT HOLDER	6	2010-12-01 08:26:00	2.550	17850	United Kingdom	t	0.5	2010-12-01
C536379	D	Discount\twith tab\\and\nnewline	-1	2010-12-01 09:41:00	27.500	\N	United Kingdom	f	-1e-3	\N
\.

COPY shop."Retail Lines" (a, "B c") FROM stdin;
1	2.5
\N	\N
\.

--
-- PostgreSQL database dump complete
--
