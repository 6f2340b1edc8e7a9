"""A questionnaire as the page shows it (shared by the public form and the paper-entry form):
answers read back from a POST, and blocks of questions with their options, what was chosen and
what is wrong. Sections whose questions share one scale are shown as a grid."""

from __future__ import annotations

from motcua.rules.sipas import NO_OPINION, Kind, Questionnaire


def posted_answers(form: Questionnaire, post) -> dict[str, str | list[str]]:
    """The answers in a form POST: one value per question, a list for multiple choice."""
    answers: dict[str, str | list[str]] = {}
    for _, question in form.questions():
        if question.kind == Kind.MULTI:
            answers[question.key] = post.getlist(question.key)
        elif post.get(question.key):
            answers[question.key] = post.get(question.key)
    return answers


def blocks(form: Questionnaire, chosen: dict | None = None, problems: dict | None = None) -> list[dict]:
    chosen, problems = chosen or {}, problems or {}
    out = []
    for section in form.sections:
        questions = []
        for q in section.questions:
            options = form.options(q) + ((NO_OPINION,) if q.kind == Kind.LIKERT else ())
            value = chosen.get(q.key)
            picked = set(value) if isinstance(value, list) else {value}
            questions.append({"key": q.key, "label": q.label, "multi": q.kind == Kind.MULTI, "required": q.required,
                              "error": problems.get(q.key, ""),
                              "options": [{"key": o.key, "label": o.label, "checked": o.key in picked} for o in options]})
        scales = {tuple(o["key"] for o in q["options"]) for q in questions}
        grid = len(questions) > 1 and len(scales) == 1 and not any(q["multi"] for q in questions)
        out.append({"key": section.key, "title": section.title, "prompt": section.prompt, "grid": grid,
                    "scale": questions[0]["options"] if grid else [], "questions": questions})
    return out
