-- The custom template database template_demo: every database created from it starts with
-- an audit schema. scripts/demo-db.mjs marks it IS_TEMPLATE afterwards.

CREATE SCHEMA audit;

CREATE TABLE audit.log (
    logid   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    who     text NOT NULL DEFAULT current_user,
    action  text NOT NULL,
    detail  jsonb
);

CREATE FUNCTION audit.note(p_action text, p_detail jsonb DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    new_id audit.log.logid%TYPE;
BEGIN
    INSERT INTO audit.log (action, detail) VALUES (p_action, p_detail) RETURNING logid INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON SCHEMA audit IS 'Comes from template_demo';
