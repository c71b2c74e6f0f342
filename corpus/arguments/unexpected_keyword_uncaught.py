def build():
    def render(template, **context):
        return template.format(**context)

    def send(to, subject):
        return f"to={to} subject={subject}"

    print(render("{a}-{b}", a=1, b=2))
    print(send("x", subject="y", body="z"))


build()
