--
-- PostgreSQL database dump
--

CREATE TABLE public.small (
    id integer,
    name text,
    price numeric(10,2),
    at timestamp with time zone
);

INSERT INTO public.small VALUES (1, 'it''s', 1.50, '2011-01-01 10:00:00+00');
INSERT INTO public.small (id, name, price, at) VALUES (2, E'esc\\aped', NULL, NULL);
INSERT INTO public.small (id, name, price, at) VALUES
	(3, 'three', -0.01, '2011-12-09 12:50:00+01'),
	(4, $$dollar$$, 99999999.99, NULL);

--
-- PostgreSQL database dump complete
--
