source = """
def helper(v):
    return v + undefined_name

helper(1)
"""
code = compile(source, "<generated>", "exec")


def run():
    exec(code, {})


run()
