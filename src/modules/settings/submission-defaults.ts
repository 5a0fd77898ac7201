import type { DeclineTemplate } from './settings.js';

/*
 * What 我要投稿 starts from until an admin saves the settings. The terms are a starting point written to the notice
 * duties of 個人資料保護法 §8 (who collects, purpose, kinds of data, period, area, recipients and use, the §3
 * rights, what happens if data is not given) and a plain licence; the outlet's counsel should read them before
 * launch. Numbers in the text (90 days, 3 business days) match the defaults below them in the settings: whoever
 * changes one changes the other.
 */

export const DEFAULT_SUBMISSION_TERMS_VERSION = '2026-12-01';

export const DEFAULT_SUBMISSION_TERMS = `一、個人資料蒐集、處理及利用告知

依個人資料保護法第八條，本站於您投稿時告知下列事項：

1. 蒐集目的：受理與審閱投稿、與您聯繫、刊登文章並署名、寄發稿件處理結果，以及處理與投稿有關的詢問與爭議（特定目的：〇六九 契約、類似契約或其他法律關係事務）。

2. 個人資料類別：您填寫的姓名（真實姓名與筆名）、電子郵件、電話、職稱或身分簡介、您提供的照片，以及投稿當時的網路連線紀錄（IP 位址與時間）。

3. 利用期間：稿件刊出者，署名、作者簡介與照片於文章刊登期間公開，其餘資料於必要期間保存；稿件未獲採用、經您撤回、逾期未處理或經判定為濫發者，自結案日起 90 天後刪除您的個人資料。

4. 利用地區：中華民國境內，以及本站委託之資訊服務供應商主機所在地。

5. 利用對象及方式：由本站編輯部以電子或書面方式處理；文章刊出時，署名與作者簡介隨文章公開於本站網站、App 及本站經營的社群平台帳號。除法律另有規定外，不會提供給第三人。

6. 您的權利：依個人資料保護法第三條，您可以向本站請求查詢或閱覽、製給複製本、補充或更正、停止蒐集、處理或利用，以及刪除您的個人資料。請回覆您收到的投稿確認信，或透過本站公布的聯絡方式與編輯部聯繫。

7. 不提供的影響：您可以自由選擇是否提供個人資料；未提供姓名或電子郵件等必填資料，本站將無法受理您的投稿。

二、授權條款

1. 著作權：文章著作權仍屬作者所有。

2. 授權範圍：文章經本站刊出後，您同意以非專屬方式授權本站於網站、App 及本站經營的社群平台，不限時間、地域與次數，重製、公開傳輸、改作、編輯及推廣本文；您仍可自行將文章另行發表或授權他人。

3. 編輯與刪節：本站得為篇幅、體例及可讀性編輯、刪節文字並修訂標題；涉及主要論點的更動，會先與您確認。

4. 原創與文責：您保證文章為本人原創、未侵害他人權利，且投稿時未曾在其他媒體刊出；文章內容由作者自負文責，不代表本站立場。

5. 回覆期限：本站於收到稿件後 3 個工作天內回覆是否採用；屆時未獲回覆，您可以改投其他媒體。`;

export const DEFAULT_DECLINE_TEMPLATES: readonly DeclineTemplate[] = [
  {
    label: '題材近期已有刊出',
    text: '感謝您的投稿。本站近期已刊出相近題材的評論，為避免重複，這次無法採用。歡迎您日後就其他議題再次賜稿。',
  },
  {
    label: '論點未能聚焦',
    text: '感謝您的投稿。編輯部討論後認為，本文論點較分散，主要主張未能充分聚焦與論證，這次無法採用。歡迎您修改後再次投稿，或就其他議題賜稿。',
  },
  {
    label: '不符投稿須知',
    text: '感謝您的投稿。來稿未符合本站投稿須知（例如字數、原創或未曾在其他媒體刊出等要求），這次無法受理。請參閱投稿須知後再次投稿。',
  },
  {
    label: '時效已過',
    text: '感謝您的投稿。本文討論的事件時效已過，這次無法採用。歡迎您日後再次賜稿。',
  },
];
