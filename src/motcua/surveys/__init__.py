"""SIPAS satisfaction surveys (Chỉ số hài lòng về sự phục vụ hành chính): rounds, stratified
samples of dossiers, one-time invitations and anonymous responses. The methods themselves
(questionnaires, indices, sampling) live in ``motcua.rules.sipas``."""
